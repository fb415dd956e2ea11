export interface SpaServer {
  /** The page's URL, e.g. http://localhost:5173 */
  url: string;
  port: number;
  close(): Promise<unknown>;
}

export function startSpaServer(options?: {
  port?: number;
  host?: string;
  apiUrl?: string;
}): Promise<SpaServer>;
