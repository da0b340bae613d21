// The smallest socket.io broadcast server, to compare OmniReach's hub with.
//   node server.js --port 0         (prints the port it listens on)
// Clients speak engine.io v4 over a plain WebSocket (no HTTP long-polling), so the load
// generator's tokio-tungstenite clients connect to /socket.io/?EIO=4&transport=websocket,
// answer ping "2" with "3", send "40" to join the default namespace and receive
// 42["broadcast", {...}]. POST /broadcast emits its JSON body to every socket.
'use strict';
const http = require('http');
const { Server } = require('socket.io');

const portArg = process.argv.indexOf('--port');
const port = portArg > 0 ? Number(process.argv[portArg + 1]) : 0;

const server = http.createServer((request, response) => {
  if (request.method === 'POST' && request.url === '/broadcast') {
    const chunks = [];
    request.on('data', (chunk) => chunks.push(chunk));
    request.on('end', () => {
      let payload;
      try {
        payload = JSON.parse(Buffer.concat(chunks).toString('utf8'));
      } catch (error) {
        response.writeHead(400, { 'content-type': 'application/json' });
        response.end(JSON.stringify({ error: 'body must be JSON' }));
        return;
      }
      io.emit('broadcast', payload);
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ receivers: io.engine.clientsCount }));
    });
    return;
  }
  if (request.method === 'GET' && request.url === '/health') {
    response.writeHead(200);
    response.end('ok');
    return;
  }
  // Let engine.io answer its own paths; anything else is not found.
  if (!request.url.startsWith('/socket.io/')) {
    response.writeHead(404);
    response.end();
  }
});

const io = new Server(server, {
  transports: ['websocket'],
  serveClient: false,
  perMessageDeflate: false,
  maxHttpBufferSize: 1e6,
});

server.listen(port, '127.0.0.1', () => {
  console.log(`socket.io baseline listening on http://127.0.0.1:${server.address().port} (socket.io ${require('socket.io/package.json').version})`);
});
