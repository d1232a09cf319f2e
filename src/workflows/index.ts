/** The workflow bundle's entry: every workflow the worker runs is exported from here. */
export { cloneRoom } from './clone-room.js';
