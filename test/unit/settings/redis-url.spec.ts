import { loadSettings, SettingsError } from '../../../src/settings/settings.js';

describe('REDIS_URL', () => {
  it('is unset by default: one server, replies stay on it', () => {
    expect(loadSettings({}).REDIS_URL).toBeUndefined();
  });

  it.each(['redis://127.0.0.1:6379', 'rediss://user:secret@redis.example:6380/0'])(
    'accepts %s',
    (url) => {
      expect(loadSettings({ REDIS_URL: url }).REDIS_URL).toBe(url);
    },
  );

  it('refuses what is not a redis:// or rediss:// URL, naming the setting', () => {
    expect(() => loadSettings({ REDIS_URL: 'localhost:6379' })).toThrow(SettingsError);
    expect(() => loadSettings({ REDIS_URL: 'localhost:6379' })).toThrow(
      /REDIS_URL must be a redis:\/\/ or rediss:\/\/ URL/,
    );
  });
});
