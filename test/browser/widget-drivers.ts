import type { Page } from 'playwright-core';

/** How a test uses one widget's page, the way a person would: click a button, type, read the bot. */
export interface WidgetDriver {
  readonly name: string;
  readonly path: string;
  click(page: Page, label: string): Promise<void>;
  type(page: Page, text: string): Promise<void>;
  /** The texts of the bot's messages, in order. */
  botTexts(page: Page): Promise<string[]>;
  /** The uid and the interaction the page is on (from its storage). */
  session(page: Page): Promise<{ uid: string; interaction: string }>;
}

const exact = (label: string) =>
  new RegExp(`^\\s*${label.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\s*$`);

export const rasaWebchat: WidgetDriver = {
  name: 'rasa-webchat',
  path: '/widgets/rasa.html',
  click: (page, label) =>
    page
      .locator('.rw-reply', { hasText: exact(label) })
      .last()
      .click(),
  type: async (page, text) => {
    await page.fill('.rw-new-message', text);
    await page.press('.rw-new-message', 'Enter');
  },
  botTexts: (page) => page.locator('.rw-response .rw-message-text').allInnerTexts(),
  session: (page) =>
    page.evaluate(() => {
      const { uid } = JSON.parse(localStorage.getItem('mmcc.widgets.rasa')!);
      const id = JSON.parse(localStorage.getItem('chat_session')!).session_id as string;
      const claims = JSON.parse(atob(id.split('.')[1].replace(/-/g, '+').replace(/_/g, '/')));
      return { uid, interaction: claims.ixn as string };
    }),
};

export const webChat: WidgetDriver = {
  name: 'Web Chat',
  path: '/widgets/webchat.html',
  click: (page, label) =>
    page.locator('#webchat').getByRole('button', { name: label, exact: true }).last().click(),
  type: async (page, text) => {
    await page.fill('[data-id="webchat-sendbox-input"]', text);
    await page.press('[data-id="webchat-sendbox-input"]', 'Enter');
  },
  botTexts: (page) =>
    page
      .locator('.webchat__bubble:not(.webchat__bubble--from-user) .webchat__bubble__content')
      .allInnerTexts(),
  session: (page) =>
    page.evaluate(() => {
      const { uid, conversationId } = JSON.parse(localStorage.getItem('mmcc.widgets.webchat')!);
      return { uid, interaction: conversationId as string };
    }),
};

/** Waits until the bot has said more than `before` messages and the last one contains `text`. */
export async function botSays(
  driver: WidgetDriver,
  page: Page,
  before: number,
  text: string,
): Promise<void> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const texts = await driver.botTexts(page);
    if (texts.length > before && texts.some((t, i) => i >= before && t.includes(text))) return;
    if (Date.now() > deadline)
      throw new Error(
        `${driver.name}: the bot did not say "${text}" (it said: ${JSON.stringify(texts.slice(before))})`,
      );
    await page.waitForTimeout(100);
  }
}

/** The store, from its welcome to its END: each step a click or a sentence, and what the bot answers. */
export const STORE_STEPS: { click?: string; type?: string; expect: string }[] = [
  { click: 'cap', expect: 'Would you like to choose the colour or the size?' },
  { type: 'change the colour', expect: 'Which colour would you like' },
  { click: 'black', expect: 'Would you like to choose the colour or the size?' },
  { click: 'Size', expect: 'Which size would you like' },
  { type: 'medium please', expect: 'Would you like to choose the colour or the size?' },
  { click: 'Done', expect: 'A black cap, size M' },
  { click: 'Change address', expect: 'Where should we ship it?' },
  { type: 'ship to Via Roma 1, Milan', expect: 'shipping address or the payment details' },
  { click: 'Change payment', expect: 'How would you like to pay?' },
  { type: 'pay with visa ending 4242', expect: 'shipping address or the payment details' },
  { click: 'Complete the order', expect: 'Thank you for your order!' },
];
