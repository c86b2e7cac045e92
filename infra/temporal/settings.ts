// Connection settings from Temporal's own environment variable names, so one set
// of variables configures NAS, the `temporal` CLI and other SDKs alike.
import * as fs from 'node:fs';
import type { TLSConfig } from '@temporalio/client';

type Env = Readonly<Record<string, string | undefined>>;

export interface TemporalTlsSettings {
  clientCertPath?: string;
  clientKeyPath?: string;
  serverCaCertPath?: string;
  /** SNI / certificate host name override. */
  serverName?: string;
}

export interface TemporalSettings {
  /** host:port of an external cluster; undefined means "use the embedded dev server". */
  address?: string;
  namespace: string;
  /** false = plaintext gRPC. */
  tls: false | TemporalTlsSettings;
  apiKey?: string;
}

/**
 * Parse TEMPORAL_ADDRESS, TEMPORAL_NAMESPACE, TEMPORAL_TLS, TEMPORAL_TLS_CLIENT_CERT_PATH,
 * TEMPORAL_TLS_CLIENT_KEY_PATH, TEMPORAL_TLS_SERVER_CA_CERT_PATH, TEMPORAL_TLS_SERVER_NAME
 * and TEMPORAL_API_KEY. As in Temporal's own env config, an API key or any TLS
 * setting turns TLS on, unless TEMPORAL_TLS=false explicitly turns it off.
 */
export function temporalSettings(env: Env = process.env): TemporalSettings {
  const get = (name: string) => {
    const value = env[name]?.trim();
    return value ? value : undefined;
  };
  const tlsFiles: TemporalTlsSettings = dropUndefined({
    clientCertPath: get('TEMPORAL_TLS_CLIENT_CERT_PATH'),
    clientKeyPath: get('TEMPORAL_TLS_CLIENT_KEY_PATH'),
    serverCaCertPath: get('TEMPORAL_TLS_SERVER_CA_CERT_PATH'),
    serverName: get('TEMPORAL_TLS_SERVER_NAME'),
  });
  if ((tlsFiles.clientCertPath === undefined) !== (tlsFiles.clientKeyPath === undefined)) {
    throw new Error(
      'TEMPORAL_TLS_CLIENT_CERT_PATH and TEMPORAL_TLS_CLIENT_KEY_PATH must be set together (mTLS needs both).',
    );
  }
  const apiKey = get('TEMPORAL_API_KEY');
  const explicitTls = parseBool('TEMPORAL_TLS', get('TEMPORAL_TLS'));
  const tlsOn = explicitTls ?? (apiKey !== undefined || Object.keys(tlsFiles).length > 0);
  return dropUndefined({
    address: get('TEMPORAL_ADDRESS'),
    namespace: get('TEMPORAL_NAMESPACE') ?? 'default',
    tls: tlsOn ? tlsFiles : false,
    apiKey,
  });
}

/** Turn settings into the `tls` option shared by Connection and NativeConnection, reading cert files. */
export function tlsConfig(settings: TemporalSettings): TLSConfig | false {
  if (settings.tls === false) return false;
  const t = settings.tls;
  const config: TLSConfig = {};
  if (t.serverName !== undefined) config.serverNameOverride = t.serverName;
  if (t.serverCaCertPath !== undefined) config.serverRootCACertificate = readPem(t.serverCaCertPath, 'SERVER_CA_CERT');
  if (t.clientCertPath !== undefined && t.clientKeyPath !== undefined) {
    config.clientCertPair = {
      crt: readPem(t.clientCertPath, 'CLIENT_CERT'),
      key: readPem(t.clientKeyPath, 'CLIENT_KEY'),
    };
  }
  return config;
}

function readPem(file: string, what: string): Buffer {
  try {
    return fs.readFileSync(file);
  } catch (err) {
    throw new Error(`Cannot read TEMPORAL_TLS_${what}_PATH=${file}: ${(err as Error).message}`);
  }
}

function parseBool(name: string, value: string | undefined): boolean | undefined {
  if (value === undefined) return undefined;
  const v = value.toLowerCase();
  if (['true', '1', 'yes', 'on'].includes(v)) return true;
  if (['false', '0', 'no', 'off'].includes(v)) return false;
  throw new Error(`${name} must be true or false, got '${value}'.`);
}

/** Omit unset keys so settings print (and compare in tests) as exactly what was configured. */
function dropUndefined<T extends object>(obj: T): T {
  return Object.fromEntries(Object.entries(obj).filter(([, v]) => v !== undefined)) as T;
}
