// Reference peer for the load driver (tools/LoadDriver): the official Bot Framework SDK for JavaScript running a
// six-prompt waterfall, comparable to the bot's screening steps, so one run measures both. Loopback only, no
// authentication (like the bot in Development). Storage: memory (default) or Azure Blob storage (Azurite) by setting
// PEER_STORAGE=blobs and PEER_BLOBS_CONNECTION_STRING. GET /api/dev/counters answers turns and storage round trips in
// the bot's own counter names, so the driver reports both the same way.
'use strict';
const http = require('node:http');
const {
  CloudAdapter, ConfigurationBotFrameworkAuthentication, ConversationState, MemoryStorage, ActivityTypes,
} = require('botbuilder');
const { DialogSet, DialogTurnStatus, TextPrompt, WaterfallDialog } = require('botbuilder-dialogs');

const port = Number(process.env.PEER_PORT || 4090);
const counters = { 'botcore.turns': 0, 'botcore.storage.operations': 0 };

function createStorage() {
  if ((process.env.PEER_STORAGE || 'memory') === 'blobs') {
    const { BlobsStorage } = require('botbuilder-azure-blobs');
    return new BlobsStorage(process.env.PEER_BLOBS_CONNECTION_STRING, process.env.PEER_BLOBS_CONTAINER || 'sdkpeer');
  }
  return new MemoryStorage();
}

// Counts round trips the way the bot counts them: one per key read, written or deleted.
function counted(inner) {
  return {
    read: (keys) => { counters['botcore.storage.operations'] += keys.length; return inner.read(keys); },
    write: (changes) => { counters['botcore.storage.operations'] += Object.keys(changes).length; return inner.write(changes); },
    delete: (keys) => { counters['botcore.storage.operations'] += keys.length; return inner.delete(keys); },
  };
}

const conversationState = new ConversationState(counted(createStorage()));
const dialogs = new DialogSet(conversationState.createProperty('dialogState'));
const prompts = ['Given name?', 'Family name?', 'Another name they go by?', 'Pronouns?', 'How can the clinic reach them?', 'One emergency contact?'];
dialogs.add(new TextPrompt('text'));
dialogs.add(new WaterfallDialog('intake', [
  ...prompts.map((question, i) => async (step) => {
    if (i > 0) step.values[`answer${i}`] = step.result;
    return step.prompt('text', question);
  }),
  async (step) => {
    step.values.answer6 = step.result;
    await step.context.sendActivity('Thanks: that is all six.');
    return step.endDialog();
  },
]));

const auth = new ConfigurationBotFrameworkAuthentication({});
const adapter = new CloudAdapter(auth);
adapter.onTurnError = async (context, error) => {
  console.error(`turn failed: ${error && error.message}`);
  await context.sendActivity('Sorry, something went wrong.');
};

async function logic(context) {
  counters['botcore.turns'] += 1;
  if (context.activity.type !== ActivityTypes.Message) return;
  const dc = await dialogs.createContext(context);
  const result = await dc.continueDialog();
  if (result.status === DialogTurnStatus.empty) await dc.beginDialog('intake');
  await conversationState.saveChanges(context);
}

// botbuilder's CloudAdapter takes restify/express-shaped request and response objects: the few members it uses.
function responseShim(res) {
  return {
    socket: res.socket,
    status(code) { res.statusCode = code; return this; },
    header(name, value) { res.setHeader(name, value); return this; },
    send(body) {
      if (body !== undefined && body !== null) {
        if (typeof body === 'object') { res.setHeader('content-type', 'application/json'); res.write(JSON.stringify(body)); } else { res.write(String(body)); }
      }
      return this;
    },
    end() { if (!res.writableEnded) res.end(); return this; },
  };
}

const server = http.createServer((req, res) => {
  if (req.method === 'GET' && req.url === '/api/dev/counters') {
    res.setHeader('content-type', 'application/json');
    res.end(JSON.stringify(counters));
    return;
  }
  if (req.method === 'GET' && req.url === '/healthz') { res.end('{"status":"ok"}'); return; }
  if (req.method !== 'POST' || req.url !== '/api/messages') { res.statusCode = 404; res.end(); return; }
  const chunks = [];
  req.on('data', (chunk) => chunks.push(chunk));
  req.on('end', () => {
    const request = { body: JSON.parse(Buffer.concat(chunks).toString('utf8')), headers: req.headers, method: req.method };
    const shim = responseShim(res);
    adapter.process(request, shim, logic).then(() => shim.end(), (error) => {
      console.error(`process failed: ${error && error.message}`);
      res.statusCode = 500;
      shim.end();
    });
  });
});
server.listen(port, '127.0.0.1', () => console.log(`SDK peer on http://127.0.0.1:${port}/api/messages (${process.env.PEER_STORAGE || 'memory'} storage)`));
