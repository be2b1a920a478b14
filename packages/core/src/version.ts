/** The scavsim package version, recorded in every output header. */
export const SCAVSIM_VERSION = '0.1.0';
