import { z } from 'zod';

// zod probes for `new Function` when it builds an object schema unless told not to; the page's
// CSP forbids eval and reports the probe. Imported first by main.tsx, before any schema exists.
z.config({ jitless: true });
