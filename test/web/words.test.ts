import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Clone, Room } from '../../web/src/contract.js';
import {
  attentionWords,
  cloneRefusals,
  componentStateWords,
  outcomeOf,
} from '../../web/src/words.js';

const RUNNING: Clone = {
  id: 'c-1',
  sourceRoomId: 'r-source',
  targetRoomId: 'r-target',
  initiatorId: 'u-amoreno',
  status: 'running',
  phase: 'copying',
  percent: 40,
  components: {
    settings: { state: 'done', done: 1, total: 1 },
    assets: { state: 'done', done: 5, total: 5 },
    storyboard: { state: 'running', done: 3, total: 7 },
    interactions: { state: 'pending', done: 0, total: 8 },
  },
  metadata: { name: 'Week 1 — spring', description: '', tags: [] },
  metadataRevision: 0,
  appliedMetadataRevision: 0,
  issues: [],
  error: null,
  createdAt: '2026-01-01T00:00:00.000Z',
  completedAt: null,
};

const ROOM: Room = {
  id: 'r-1',
  name: 'BIO 101 — Office Hours',
  description: '',
  tags: [],
  ownerId: 'u-bkeller',
  coEditorIds: ['u-amoreno'],
  cncEnabled: true,
  settings: {},
  parentRoomId: null,
  status: 'ready',
  lmsCourseId: 'course',
  createdAt: '2026-01-01T00:00:00.000Z',
  updatedAt: '2026-01-01T00:00:00.000Z',
};

// What the clone card says when a clone ends, for the endings the sample course never reaches.
describe('how the page words a clone and a refusal', () => {
  test('a running clone has no outcome yet', () => {
    assert.equal(outcomeOf(RUNNING), null);
  });

  test('a partial copy says it is not a full copy and lists each item and why', () => {
    const outcome = outcomeOf({
      ...RUNNING,
      status: 'completed',
      phase: 'completed',
      percent: 100,
      issues: [
        {
          component: 'storyboard',
          sourceId: 'sb-3',
          reason: 'its asset was deleted before the clone, so the item was left out',
        },
        { component: 'interactions', sourceId: 'i-9', reason: 'its content is not valid' },
      ],
    });
    assert.equal(outcome?.tone, 'warning');
    assert.match(outcome?.title ?? '', /not a full copy/);
    assert.match(outcome?.body ?? '', /2 items could not be copied/);
    assert.deepEqual(outcome?.details, [
      'Storyboard: its asset was deleted before the clone, so the item was left out.',
      'Chat and collaboration items: its content is not valid.',
    ]);
  });

  test('a failed clone gives the reason and says nothing was added', () => {
    const outcome = outcomeOf({
      ...RUNNING,
      status: 'failed',
      phase: 'failed',
      error: 'the source room was deleted',
    });
    assert.equal(outcome?.tone, 'error');
    assert.match(outcome?.body ?? '', /the source room was deleted/);
    assert.match(outcome?.body ?? '', /nothing was added to your course/);
  });

  test('a cancelled clone says the partial room was removed', () => {
    const cancelled: Clone = { ...RUNNING, status: 'cancelled', phase: 'cancelled' };
    const outcome = outcomeOf(cancelled);
    assert.equal(outcome?.tone, 'neutral');
    assert.match(outcome?.body ?? '', /partly copied room was removed/);
    const { storyboard, interactions, assets } = cancelled.components;
    assert.equal(componentStateWords(storyboard, cancelled), 'Stopped at 3 of 7');
    assert.equal(componentStateWords(interactions, cancelled), 'Stopped at 0 of 8');
    assert.equal(componentStateWords(assets, cancelled), 'Done: 5 of 5');
    assert.equal(componentStateWords(storyboard, RUNNING), 'Copying 3 of 7');
  });

  test('a clone parked for an operator says it is paused and which step keeps failing', () => {
    assert.equal(attentionWords(RUNNING), null);
    const parked = attentionWords({
      ...RUNNING,
      phase: 'needs-attention',
      attention: [
        {
          component: 'interactions',
          error: 'the store is unreachable',
          attempts: 10,
          since: '2026-01-01T00:01:00.000Z',
        },
      ],
    });
    assert.match(parked?.title ?? '', /paused until an administrator retries it/);
    assert.deepEqual(parked?.details, ['Chat and collaboration items: the store is unreachable.']);
  });

  test('refusals name the missing role and chat and collaboration being off', () => {
    assert.deepEqual(cloneRefusals(ROOM, 'u-amoreno'), []);
    assert.deepEqual(cloneRefusals(ROOM, 'u-cliu'), [
      'Only the room’s owner or a co-editor can clone it.',
    ]);
    const off = cloneRefusals({ ...ROOM, cncEnabled: false }, 'u-dosei');
    assert.equal(off.length, 2);
    assert.match(off[1] ?? '', /Chat and collaboration is turned off/);
  });
});
