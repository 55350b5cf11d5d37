// One way to name a port everywhere (CLI, API): a serial path, or tcp://host:port for a network bridge.

import { ErrorCodes, PraxisError } from '../../api';
import { openSerialTransport } from './serial';
import { openTcpTransport } from './tcp';
import type { Transport } from './transport';

export function openPort(port: string, baudRate: number): Promise<Transport> {
  const tcp = /^tcp:\/\/([^:/]+):(\d+)\/?$/.exec(port);
  if (tcp) return openTcpTransport({ host: tcp[1], port: Number(tcp[2]), baudRate });
  if (port.startsWith('tcp:'))
    return Promise.reject(new PraxisError(ErrorCodes.INVALID_ARGUMENT, `"${port}" is not a TCP address.`, 'Write it as tcp://host:port, e.g. tcp://192.168.4.1:8888.'));
  return openSerialTransport({ path: port, baudRate });
}
