export type { DeltaPage, DriveItem, SharePointDrive, SharePointSite } from './drive-item.js';
export {
  createGraphClient,
  type GraphClientOptions,
  type GraphTokenProvider,
  toGraphPath,
} from './graph-client.js';
export { GraphGroupResolver, type GraphGroupResolverOptions } from './group-resolver.js';
export { type GraphPermission, permissionsToPrincipals } from './permissions.js';
export {
  DeltaExpiredError,
  drivePrefix,
  GraphCallError,
  SharePointSource,
  type SharePointSourceOptions,
} from './sharepoint-source.js';
export { type SitePage, sitePageToHtml } from './site-page.js';
export { ThrottleHandler } from './throttle-handler.js';
