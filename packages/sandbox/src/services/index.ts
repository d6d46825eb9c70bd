/** Every service the sandbox hosts. Each service lives in its own folder and owns its state key. */
import type { ServiceDefinition } from '../core/types.js';
import { acmService } from './acm/index.js';
import { apigatewayService, apigatewayV2Service } from './apigateway/index.js';
import { cloudwatchService } from './cloudwatch/index.js';
import { ec2Service } from './ec2/index.js';
import { ecsService } from './ecs/index.js';
import { elbv2Service } from './elbv2/index.js';
import { eventsService } from './events/index.js';
import { iamService } from './iam/index.js';
import { lambdaService } from './lambda/index.js';
import { logsService } from './logs/index.js';
import { s3Service } from './s3/index.js';
import { stsService } from './sts/index.js';
import { taggingService } from './tagging/index.js';

export const services: ServiceDefinition[] = [
  ec2Service,
  elbv2Service,
  acmService,
  stsService,
  ecsService,
  s3Service,
  iamService,
  lambdaService,
  eventsService,
  cloudwatchService,
  logsService,
  taggingService,
  apigatewayService,
  apigatewayV2Service,
];
