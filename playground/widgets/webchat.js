// Web Chat against this server: a Direct Line token from our endpoint, then Web Chat's documented API.
import { server, setUpHeader, showState } from './common.js';

const KEY = 'mmcc.widgets.webchat';
const domain = `${server}/v3/directline`;

async function call(path, token, body) {
  const response = await fetch(`${domain}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify(body ?? {}),
  });
  const answer = await response.json();
  if (!response.ok) throw Object.assign(new Error(answer.message), { status: response.status });
  return answer;
}

/** The stored conversation with a fresh token; a new conversation when there is none (or it is gone). */
async function conversation(process, uid, saved) {
  if (saved?.conversationId) {
    try {
      return await call('/tokens/refresh', saved.token);
    } catch {
      try {
        // The token expired while the page was closed: a new one for the same conversation.
        return await call('/tokens/generate', undefined, { user: { id: uid }, conversationId: saved.conversationId });
      } catch {
        // gone (another user, or another database): start again
      }
    }
  }
  return call('/tokens/generate', undefined, { user: { id: uid }, process });
}

const { process, uid, saved } = await setUpHeader(KEY, () => undefined);
const resumed = saved?.conversationId !== undefined;
const { conversationId, token } = await conversation(process, uid, saved);
localStorage.setItem(KEY, JSON.stringify({ process, uid, conversationId, token }));
document.body.dataset.conversation = conversationId;

const directLine = window.WebChat.createDirectLine({ domain, token, conversationId, watermark: '0' });
directLine.connectionStatus$.subscribe((status) => {
  // 2 is Online: the stream is open.
  if (status === 2) showState(resumed ? 'resumed' : 'connected', resumed ? 'resumed' : 'connected');
  else if (status > 2) showState('disconnected', 'reconnecting');
});
window.WebChat.renderWebChat(
  { directLine, userID: uid, username: uid, locale: 'en-US', styleOptions: { hideUploadButton: true } },
  document.getElementById('webchat'),
);
showState('connecting', 'connecting');
