// rasa-webchat against this server: nothing but its documented props.
import { server, setUpHeader, showState } from './common.js';

const KEY = 'mmcc.widgets.rasa';
// rasa-webchat keeps its conversation under this key (params.storage "local").
const forget = () => localStorage.removeItem('chat_session');

const { process, uid } = await setUpHeader(KEY, forget);
localStorage.setItem(KEY, JSON.stringify({ process, uid }));
window.WebChat.default(
  {
    socketUrl: `${server}/rasa`,
    socketPath: '/socket.io/',
    initPayload: '/get_started',
    customData: { uid, process },
    title: 'mmcc',
    subtitle: `${process} · ${uid}`,
    embedded: true,
    showMessageDate: false,
    params: { storage: 'local' },
    customMessageDelay: () => 150,
    onSocketEvent: {
      // (not session_confirm: rasa-webchat's own handler of it shows the widget)
      bot_uttered: () => showState('connected', 'connected'),
      connect: () => showState('connected', 'connected'),
      disconnect: () => showState('reconnecting', 'reconnecting'),
      exception: (error) => showState(`${error.code}: ${error.message}`, 'error'),
    },
  },
  document.getElementById('webchat'),
);
showState('connecting', 'connecting');
