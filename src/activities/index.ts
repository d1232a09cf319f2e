export { type CloneActivities, createCloneActivities } from './clone-activities.js';
