/** ListTasks (filters, paging) and DescribeTasks (<=100, missing ones as failures). */
import type { RequestContext } from '../../core/types.js';
import { ecsArn, findService, findTask, regionOf, requireCluster } from './arns.js';
import { invalidParameter, page, stringList } from './input.js';
import { serviceNotFound } from './services.js';
import { ecsState } from './state.js';
import { findTaskDefinition } from './task-definitions.js';
import { taskView } from './views.js';

export const taskOperations = {
  ListTasks(input: any, ctx: RequestContext) {
    const sb = ctx.sb;
    const cluster = requireCluster(sb, input.cluster);
    if (
      input.startedBy !== undefined &&
      [input.serviceName, input.family, input.containerInstance, input.launchType].some(
        (v) => v !== undefined,
      )
    )
      throw invalidParameter('startedBy must be the only filter when it is specified.');
    const desiredStatus = input.desiredStatus ?? 'RUNNING';
    if (!['RUNNING', 'PENDING', 'STOPPED'].includes(desiredStatus))
      throw invalidParameter(`Invalid desiredStatus: ${desiredStatus}`);
    let serviceArn: string | undefined;
    if (input.serviceName !== undefined) {
      const s = findService(sb, cluster, String(input.serviceName));
      if (!s) throw serviceNotFound();
      serviceArn = s.serviceArn;
    }
    const list = ecsState(sb).tasks.filter((t) => {
      if (t.clusterArn !== cluster.clusterArn || t.desiredStatus !== desiredStatus) return false;
      if (serviceArn && t.serviceArn !== serviceArn) return false;
      if (input.startedBy !== undefined && t.startedBy !== input.startedBy) return false;
      if (input.launchType !== undefined && t.launchType !== input.launchType) return false;
      if (input.containerInstance !== undefined) return false;
      if (input.family !== undefined && findTaskDefinition(sb, t.taskDefinitionArn)?.family !== input.family)
        return false;
      return true;
    });
    const p = page(sb, list, input);
    return { taskArns: p.items.map((t) => t.taskArn), nextToken: p.nextToken };
  },

  DescribeTasks(input: any, ctx: RequestContext) {
    const sb = ctx.sb;
    const cluster = requireCluster(sb, input.cluster);
    const ids = stringList(input.tasks, 'tasks');
    if (ids.length === 0) throw invalidParameter('Tasks cannot be empty.');
    if (ids.length > 100) throw invalidParameter('tasks can have at most 100 items.');
    const includeTags = stringList(input.include, 'include').includes('TAGS');
    const tasks: unknown[] = [];
    const failures: unknown[] = [];
    for (const id of ids) {
      const t = findTask(sb, cluster, id);
      if (t) tasks.push(taskView(t, includeTags));
      else
        failures.push({
          arn: id.startsWith('arn:') ? id : ecsArn(sb, `task/${cluster.clusterName}/${id}`, regionOf(ctx)),
          reason: 'MISSING',
        });
    }
    return { tasks, failures };
  },
};
