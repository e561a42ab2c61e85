/**
 * Image staging: verify a catalogue image locally (size, MD5, SHA512) and push it over SFTP to the central
 * staging server or a site's jump host, from where devices `copy scp:` it; once per run per image and
 * server, the server's copy checked without reading it back where it allows.
 */
export { createDirectoryImageStore, isFile, safeName, type ImageStore } from './image-store.js';
export { hashLocalFile, hashInPlace, readOnce, type FileHashes } from './hash-file.js';
export { openSftp, type SftpLink, type StagingServer } from './sftp-connect.js';
export { localHashKey, pushImage, type PushData, type PushOptions, type PushResult } from './push-image.js';
export { pushImageOncePerRun } from './push-once.js';
export { recordPath, shellQuote, type RemoteCheck, type StagingRecord } from './remote-check.js';
export { chooseStagingServer, type ChooseServerInput, type StagingChoice } from './choose-server.js';
