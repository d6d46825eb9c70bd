// One client class per module: a dynamic import of the package itself would keep every command.
export { ResourceGroupsTaggingAPIClient } from '@aws-sdk/client-resource-groups-tagging-api';
