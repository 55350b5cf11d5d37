import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { resolve } from 'node:path';
import { WebSocketServer, type WebSocket } from 'ws';
import { ApiConnection, type Studio } from '../studio';
import { serveStatic } from './static-files';

export interface ServeOptions {
  /** 127.0.0.1 by default: exposing the robot to the network must be a deliberate `--host`. */
  host?: string;
  /** 0 picks a free port. */
  port?: number;
  /** Folder of the built renderer (index.html). If missing, only the API is served. */
  rendererDir?: string;
  /** Fixed token (tests); a random one per launch otherwise. */
  token?: string;
}

export interface RunningServer {
  url: string;
  /** URL including the token, the one to open. */
  openUrl: string;
  token: string;
  port: number;
  /** Bytes queued in the server's sockets, per client: bounded by flow control when a client stalls. */
  socketBacklog(): number[];
  close(): Promise<void>;
}

/** Bytes unsent on a socket above which we stop sending stream events to it. */
const CONGESTED_BYTES = 1 << 20;

/**
 * `praxis serve`: the studio's API over WebSocket (path /api) and the built renderer over HTTP, on one
 * port. A per-launch token (carried in the URL fragment, never sent to the HTTP server) must be
 * presented in the first message, so another page on this machine cannot drive the robot; browsers'
 * cross-origin sockets are refused outright.
 */
export async function startServer(studio: Studio, options: ServeOptions = {}): Promise<RunningServer> {
  const host = options.host ?? '127.0.0.1';
  const token = options.token ?? randomBytes(18).toString('base64url');
  const rendererDir = options.rendererDir ? resolve(options.rendererDir) : null;
  const hasRenderer = rendererDir !== null && existsSync(resolve(rendererDir, 'index.html'));

  const http: Server = createServer((req, res) => {
    if (!hasRenderer || !rendererDir) {
      res.writeHead(200, { 'Content-Type': 'text/plain' }).end('Praxis Studio API server. Build the UI with `npm run build` to serve it here.');
      return;
    }
    void serveStatic(rendererDir, req, res);
  });

  const wss = new WebSocketServer({ noServer: true, maxPayload: 1 << 20 });
  http.on('upgrade', (req, socket, head) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (url.pathname !== '/api' || !originAllowed(req.headers.origin, req.headers.host)) {
      socket.write('HTTP/1.1 403 Forbidden\r\n\r\n');
      socket.destroy();
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => attach(ws));
  });

  const attach = (ws: WebSocket) => {
    const connection = new ApiConnection(
      studio.handlers,
      {
        send: (message) => {
          if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(message));
        },
        congested: () => ws.bufferedAmount > CONGESTED_BYTES,
        close: () => setTimeout(() => ws.close(4001, 'unauthorized'), 10),
      },
      token,
    );
    ws.on('message', (data, isBinary) => {
      connection.receive(isBinary ? '<binary>' : data.toString());
    });
    ws.on('close', () => connection.close());
    ws.on('error', () => connection.close());
  };

  await new Promise<void>((ok, fail) => {
    http.once('error', fail);
    http.listen(options.port ?? 0, host, () => ok());
  });
  const port = (http.address() as AddressInfo).port;
  const shownHost = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host;
  const url = `http://${shownHost.includes(':') ? `[${shownHost}]` : shownHost}:${port}/`;
  return {
    url,
    openUrl: `${url}#token=${token}`,
    token,
    port,
    socketBacklog: () => [...wss.clients].map((c) => c.bufferedAmount),
    close: async () => {
      for (const client of wss.clients) client.terminate();
      wss.close();
      await new Promise<void>((ok) => http.close(() => ok()));
    },
  };
}

/** Browsers always send Origin on WebSocket upgrades; only our own page may connect. Non-browser clients send none. */
function originAllowed(origin: string | undefined, hostHeader: string | undefined): boolean {
  if (!origin) return true;
  try {
    return new URL(origin).host === hostHeader;
  } catch {
    return false;
  }
}
