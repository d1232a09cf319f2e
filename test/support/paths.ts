import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
/** The shared sample course; CI lays `shared/` beside the clone of this repository. */
export const SAMPLE_FIXTURE = path.resolve(REPO_ROOT, '../shared/fixtures/sample-course.json');
export const SAMPLE_MEDIA_DIR = path.resolve(REPO_ROOT, '../shared/fixtures/media');
