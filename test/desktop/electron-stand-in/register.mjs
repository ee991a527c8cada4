/** Registers hooks.mjs; pass this file to `node --import` before the desktop app's main bundle. */
import { register } from 'node:module';

register('./hooks.mjs', import.meta.url);
