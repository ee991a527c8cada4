import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { z } from 'zod';
import { App } from './App.tsx';
import './styles.css';

// The Content-Security-Policy forbids eval, so zod must not compile validators with `new Function`.
// Without this setting, zod's probe for eval support is reported as a CSP violation.
z.config({ jitless: true });

const root = document.getElementById('root');
if (root === null) {
  throw new Error('index.html has no element with id "root" to mount the console in.');
}
createRoot(root).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
