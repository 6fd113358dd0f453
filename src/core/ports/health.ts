/** Whether a backend is reachable, for `doctor` and `/healthz`. */
export interface HealthCheck {
  name: string;
  ok: boolean;
  detail: string;
}
