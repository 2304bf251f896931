import { button, type Callbacks, keepChoices, page } from 'mmcc-backend';

// The worked example of the spec: start → (name XOR nickname) → age → end.
// Every step can be done by typing or by clicking: `payload.buttons` lists what a page can offer.
const nameOrNickname = page(undefined, [
  button('Use the name', { name_nickname: 'name' }),
  button('Use a nickname', { name_nickname: 'nickname' }),
]);

const callbacks: Callbacks = {
  start: () => ({ complete: true, payload: nameOrNickname }),

  // keepChoices: after a wrong choice the question stands, and so do its buttons.
  name_nickname: keepChoices(nameOrNickname, (data, kb) => {
    if (data.name_nickname === 'name')
      return { complete: true, choice: 'insert_name', payload: page(undefined, []) };
    if (data.name_nickname === 'nickname')
      return { complete: true, choice: 'insert_nickname', payload: page(undefined, []) };
    return { complete: false, utterance: String(kb.wrong_choice) };
  }),

  insert_name: (data, kb, context) => {
    if (typeof data.name !== 'string' || data.name === '')
      return { complete: false, utterance: String(kb.insert_name_err) };
    context.name = data.name;
    return { complete: true };
  },

  insert_nickname: (data, kb, context) => {
    if (typeof data.nickname !== 'string' || data.nickname === '') {
      return { complete: false, utterance: String(kb.insert_nickname_err) };
    }
    context.nickname = data.nickname;
    return { complete: true };
  },

  insert_age: (data, kb, context) => {
    const age =
      typeof data.age === 'string' || typeof data.age === 'number' ? String(data.age).trim() : '';
    if (!/^\d+$/.test(age) || Number(age) >= Number(kb.insert_age_old)) {
      return { complete: false, utterance: String(kb.insert_age_err) };
    }
    context.age = age;
    const who =
      typeof context.name === 'string'
        ? `Name, ${context.name}`
        : `Nickname, ${String(context.nickname)}`;
    return { complete: true, utterance: `${who} ${age}`, payload: { summary: `${who} ${age}` } };
  },
};

export default callbacks;
