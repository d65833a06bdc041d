import { describe, expect, it } from 'vitest';
import { seededRandom, type Random } from '../../../runner/kit/random.js';
import { createLogin, type Account, type LoginOptions, type LoginResult } from '../src/login.js';
import { recordPasswords } from './support/passwords.js';
import { randomCase, randomEmail, randomPadding, randomPassphrase, show } from './support/signups.js';

const MINUTE = 60_000;
const SECOND = 1_000;
type Limits = Required<Pick<LoginOptions, 'maxFailures' | 'windowMs' | 'lockoutMs'>>;

/** A login over real scrypt hashes, a clock the test moves by hand, and random limits. */
function setup(rng: Random, limits: Partial<Limits> = {}) {
  const passwords = recordPasswords();
  const accounts = new Map<string, Account>();
  const addAccount = () => {
    const email = randomEmail(rng);
    const password = randomPassphrase(rng);
    accounts.set(email, { email, passwordHash: passwords.hashPassword(password) });
    return { email, password, wrong: `${password}${rng.word(1)}` };
  };
  const user = addAccount();
  const clock = { time: Date.UTC(2030, 0, rng.int(1, 28), rng.int(0, 23)) };
  const chosen: Limits = { maxFailures: rng.int(3, 6), windowMs: rng.int(5, 30) * MINUTE, lockoutMs: rng.int(5, 30) * MINUTE, ...limits };
  const login = createLogin({
    findAccount: (email) => accounts.get(email),
    hashPassword: passwords.hashPassword,
    verifyPassword: passwords.verifyPassword,
    now: () => clock.time,
    ...chosen,
  });
  const settings = `maxFailures ${chosen.maxFailures}, windowMs ${chosen.windowMs / MINUTE} min, lockoutMs ${chosen.lockoutMs / MINUTE} min`;
  return { login, user, addAccount, clock, passwords, settings, ...chosen };
}

function fail(login: (email: string, password: string) => LoginResult, email: string, password: string, times: number): void {
  for (let i = 0; i < times; i += 1) login(email, password);
}

describe('task 3: a login flow with lock-out', () => {
  it('lets a user in with the right password, whatever the case and spaces around the e-mail', () => {
    const rng = seededRandom();
    const { login, user } = setup(rng);
    const typed = `${randomPadding(rng)}${randomCase(rng, user.email)}`;
    const result = login(typed, user.password);
    expect(result, rng.tag(`login(${show(typed)}, <right password>) must give { ok: true, email: ${show(user.email)} }: normalise the e-mail exactly as sign-up does (normaliseEmail) before looking the account up; got ${show(result)}`)).toEqual({
      ok: true,
      email: user.email,
    });
  });

  it('refuses a wrong password with status 401 and a message', () => {
    const rng = seededRandom();
    const { login, user } = setup(rng);
    const result = login(user.email, user.wrong);
    expect(result, rng.tag(`a wrong password must give { ok: false, status: 401, message } (RFC 9110, section 15.5.2: 401 is for missing or wrong credentials); got ${show(result)}`)).toEqual({
      ok: false,
      status: 401,
      message: expect.any(String),
    });
  });

  it('answers an e-mail with no account exactly as it answers a wrong password', () => {
    const rng = seededRandom();
    const { login, user } = setup(rng);
    const wrongPassword = login(user.email, user.wrong);
    const nobody = randomEmail(rng);
    const noAccount = login(nobody, user.password);
    expect(
      noAccount,
      rng.tag(
        `the answer for ${show(nobody)}, which has no account, differs from the answer for a wrong password (${show(wrongPassword)}): any difference in status or message lets an attacker test which e-mails have accounts (OWASP Authentication Cheat Sheet, "Authentication Responses")`,
      ),
    ).toEqual(wrongPassword);
  });

  it('never says which part was wrong or that the account is locked', () => {
    const rng = seededRandom();
    const { login, user, maxFailures } = setup(rng);
    const answers = [login(randomEmail(rng), user.password), login(user.email, user.wrong)];
    fail(login, user.email, user.wrong, maxFailures);
    answers.push(login(user.email, user.password));
    for (const answer of answers) {
      const message = answer.ok ? '' : answer.message;
      expect(
        message,
        rng.tag(
          `${show(message)} tells an attacker too much; OWASP's correct example is "Login failed; Invalid user ID or password." — one message for a wrong password, an unknown account and a locked one (OWASP Authentication Cheat Sheet, "Authentication Responses")`,
        ),
      ).not.toMatch(/not found|no such|unknown|exist|regist|lock|blocked|disabled|attempt|incorrect password|wrong password/i);
    }
  });

  it('checks the password against a stand-in hash when there is no account, so both cases cost the same time', () => {
    const rng = seededRandom();
    const { login, passwords } = setup(rng);
    passwords.checks.length = 0;
    const nobody = randomEmail(rng);
    login(nobody, randomPassphrase(rng));
    const checked = passwords.checks.map((check) => check.hash);
    expect(
      checked.length,
      rng.tag(
        `login(${show(nobody)}, …) ran ${checked.length} password checks; it must run exactly one: answering at once when there is no account is measurably faster than hashing, and the time tells an attacker which e-mails exist (OWASP Authentication Cheat Sheet, the "quick exit" example). Verify against a hash of a random password made once with hashPassword`,
      ),
    ).toBe(1);
    expect(passwords.made.has(checked[0] ?? ''), rng.tag(`the stand-in must be a real hash made by hashPassword, so that checking it costs what checking a real one does; got ${show(checked[0])}`)).toBe(true);
  });

  it('still lets the user in after one failure fewer than the limit', () => {
    const rng = seededRandom();
    const { login, user, maxFailures, settings } = setup(rng);
    fail(login, user.email, user.wrong, maxFailures - 1);
    const result = login(user.email, user.password);
    expect(result.ok, rng.tag(`with ${settings}: after ${maxFailures - 1} failures the limit is not reached, and the right password must let the user in; got ${show(result)}`)).toBe(true);
  });

  it('locks the e-mail after the limit of failures inside the window: even the right password is refused, with the same answer', () => {
    const rng = seededRandom();
    const { login, user, clock, maxFailures, settings } = setup(rng);
    const failure = login(user.email, user.wrong);
    for (let i = 1; i < maxFailures; i += 1) {
      clock.time += SECOND;
      login(user.email, user.wrong);
    }
    clock.time += SECOND;
    const result = login(user.email, user.password);
    expect(
      result,
      rng.tag(
        `with ${settings}: after ${maxFailures} failures one second apart, the right password must be refused with the very answer a failure gets (${show(failure)}); without a lock-out an attacker can try passwords for ever (OWASP Authentication Cheat Sheet, "Account Lockout"); got ${show(result)}`,
      ),
    ).toEqual(failure);
  });

  it('lifts the lock-out once the lock-out time has passed', () => {
    const rng = seededRandom();
    const { login, user, clock, maxFailures, lockoutMs, settings } = setup(rng);
    fail(login, user.email, user.wrong, maxFailures);
    const lockedAt = clock.time;
    clock.time = lockedAt + lockoutMs - SECOND;
    const during = login(user.email, user.password);
    expect(during.ok, rng.tag(`with ${settings}: one second before the lock-out ends, the right password must still be refused; got ${show(during)}`)).toBe(false);
    clock.time = lockedAt + lockoutMs + SECOND;
    const after = login(user.email, user.password);
    expect(
      after,
      rng.tag(`with ${settings}: one second after the lock-out ends, the right password must let the user in: a lock-out that never ends locks the real user out for good, and lets anyone do that to anyone; got ${show(after)}`),
    ).toEqual({ ok: true, email: user.email });
  });

  it('does not extend the lock-out while attempts keep coming', () => {
    const rng = seededRandom();
    const { login, user, clock, maxFailures, lockoutMs, settings } = setup(rng);
    fail(login, user.email, user.wrong, maxFailures);
    const lockedAt = clock.time;
    for (let i = 1; i <= 4; i += 1) {
      clock.time = lockedAt + Math.floor((lockoutMs * i) / 5);
      login(user.email, user.wrong);
      login(user.email, user.password);
    }
    clock.time = lockedAt + lockoutMs + SECOND;
    const result = login(user.email, user.password);
    expect(
      result,
      rng.tag(`with ${settings}: attempts made while the e-mail is locked must not count as failures or restart the lock, or an attacker who keeps trying keeps the real user out for ever; got ${show(result)} one second after the first lock-out ended`),
    ).toEqual({ ok: true, email: user.email });
  });

  it('forgets failures older than the window, so occasional typos never lock anyone out', () => {
    const rng = seededRandom();
    const { login, user, clock, maxFailures, windowMs, settings } = setup(rng);
    // Spread just wider than the window: the first failure has expired when the last one comes.
    const gap = Math.ceil(windowMs / (maxFailures - 1)) + SECOND;
    login(user.email, user.wrong);
    for (let i = 1; i < maxFailures; i += 1) {
      clock.time += gap;
      login(user.email, user.wrong);
    }
    clock.time += SECOND;
    const result = login(user.email, user.password);
    expect(
      result.ok,
      rng.tag(
        `with ${settings}: ${maxFailures} failures ${Math.round(gap / SECOND)} s apart never put ${maxFailures} inside one window (the first is older than windowMs when the last comes), so the right password must let the user in; count only failures newer than windowMs; got ${show(result)}`,
      ),
    ).toBe(true);
  });

  it('counts failures per e-mail after normalising it, so changing its case does not reset the count', () => {
    const rng = seededRandom();
    const { login, user, maxFailures, settings } = setup(rng);
    for (let i = 0; i < maxFailures; i += 1) login(`${randomPadding(rng)}${randomCase(rng, user.email)}`, user.wrong);
    const result = login(user.email, user.password);
    expect(result.ok, rng.tag(`with ${settings}: ${maxFailures} failures as "${randomCase(rng, user.email)}" and such are failures on ${user.email} and must lock it; got ${show(result)}`)).toBe(false);
  });

  it('locks one e-mail without locking the others', () => {
    const rng = seededRandom();
    const { login, user, addAccount, maxFailures, settings } = setup(rng);
    const other = addAccount();
    fail(login, user.email, user.wrong, maxFailures);
    const result = login(other.email, other.password);
    expect(result, rng.tag(`with ${settings}: ${user.email} is locked, ${other.email} is not and must get in (count failures per account, OWASP Authentication Cheat Sheet, "Account Lockout"); got ${show(result)}`)).toEqual({
      ok: true,
      email: other.email,
    });
  });

  it('clears the count of failures after a successful login', () => {
    const rng = seededRandom();
    const { login, user, maxFailures, settings } = setup(rng);
    fail(login, user.email, user.wrong, maxFailures - 1);
    login(user.email, user.password);
    fail(login, user.email, user.wrong, maxFailures - 1);
    const result = login(user.email, user.password);
    expect(result.ok, rng.tag(`with ${settings}: ${maxFailures - 1} failures, a success, then ${maxFailures - 1} failures again never reach the limit: a success must clear the count; got ${show(result)}`)).toBe(true);
  });

  it('starts counting from zero when a lock-out ends', () => {
    const rng = seededRandom();
    const lockoutMs = rng.int(5, 15) * MINUTE;
    const { login, user, clock, maxFailures, settings } = setup(rng, { lockoutMs, windowMs: lockoutMs * 3 });
    fail(login, user.email, user.wrong, maxFailures);
    clock.time += lockoutMs + SECOND;
    login(user.email, user.wrong);
    const result = login(user.email, user.password);
    expect(
      result.ok,
      rng.tag(`with ${settings}: after the lock-out ended, one more failure must not lock the e-mail again at once: the failures that caused a lock-out are spent by it; got ${show(result)}`),
    ).toBe(true);
  });
});
