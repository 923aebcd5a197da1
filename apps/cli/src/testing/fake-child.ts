/**
 * A fake demo child for the process-handling tests (node -e): FAKE_PORT to listen on, FAKE_IGNORE_TERM=1 to
 * ignore SIGTERM, FAKE_READY_DELAY_MS before it is ready; SIGUSR2 makes it exit with code 7.
 */
export const FAKE_CHILD = `
const http = require('node:http');
const port = Number(process.env.FAKE_PORT || 0);
if (process.env.FAKE_IGNORE_TERM === '1') process.on('SIGTERM', () => console.error('ignoring SIGTERM'));
process.on('SIGUSR2', () => process.exit(7));
const ready = () => console.log('fake ready, pid ' + process.pid);
setTimeout(() => {
  if (port) http.createServer((request, response) => response.end('ok')).listen(port, '127.0.0.1', ready);
  else { ready(); setInterval(() => undefined, 1000); }
}, Number(process.env.FAKE_READY_DELAY_MS || 0));
`;
