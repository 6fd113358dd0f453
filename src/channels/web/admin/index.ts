export { ADMIN_COOKIE, type AdminRoutesOptions, createAdminRoutes } from './routes-admin.js';
