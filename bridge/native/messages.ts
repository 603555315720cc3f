// The host speaks the shared contract in protocol/native.ts; these names are the host's view of it.
export { NativeRequest as HostRequest, NativeReply as HostReply } from '../../protocol/native.ts';
