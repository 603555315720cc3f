/** Bumped on any incompatible change to a message below; both ends refuse a mismatch at hello. */
export const PROTOCOL_VERSION = 1;
