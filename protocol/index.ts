export * from './version.ts';
export * from './errors.ts';
export * from './job.ts';
export * from './messages.ts';
export * from './envelope.ts';
export * from './extension-id.ts';
export * from './content.ts';
export * from './native.ts';
