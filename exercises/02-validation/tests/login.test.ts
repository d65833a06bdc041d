import { describe, expect, it, onTestFinished, vi } from 'vitest';
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

  it('answers the README example row by row: three failures within ten minutes lock the e-mail for fifteen', () => {
    const rng = seededRandom();
    const { login, user, clock, passwords, settings } = setup(rng, { maxFailures: 3, windowMs: 10 * MINUTE, lockoutMs: 15 * MINUTE });
    const start = clock.time;
    const rows = [
      { at: 0, password: user.wrong, ok: false, checked: true, why: '1 failure in the window' },
      { at: 4, password: user.wrong, ok: false, checked: true, why: '2 failures' },
      { at: 12, password: user.wrong, ok: false, checked: true, why: '2 failures: the one at 0 min is older than 10 min and no longer counts' },
      { at: 13, password: user.wrong, ok: false, checked: true, why: '3 failures (4, 12 and 13 min): the e-mail is locked until 28 min' },
      { at: 20, password: user.password, ok: false, checked: false, why: 'locked: even the right password is refused, without a password check, and the attempt does not count' },
      { at: 28, password: user.password, ok: true, checked: true, why: 'the lock is over at exactly 28 min: a failure counts while now - t < windowMs, and the lock lasts until now + lockoutMs' },
    ];
    for (const row of rows) {
      clock.time = start + row.at * MINUTE;
      const before = passwords.checks.length;
      const result = login(user.email, row.password);
      const which = row.password === user.password ? 'right' : 'wrong';
      expect(result.ok, rng.tag(`with ${settings}, at ${row.at} min a ${which} password must give ok: ${row.ok} (${row.why}); got ${show(result)}`)).toBe(row.ok);
      expect(
        passwords.checks.length - before,
        rng.tag(`with ${settings}, at ${row.at} min the attempt must make ${row.checked ? 'one password check' : 'no password check'} (${row.why}); every attempt that a lock-out does not refuse makes exactly one`),
      ).toBe(row.checked ? 1 : 0);
    }
  });

  it('forgets a failure exactly windowMs after it was made', () => {
    const rng = seededRandom();
    const { login, user, clock, maxFailures, windowMs, settings } = setup(rng);
    login(user.email, user.wrong);
    clock.time += windowMs;
    fail(login, user.email, user.wrong, maxFailures - 1);
    const result = login(user.email, user.password);
    expect(
      result.ok,
      rng.tag(`with ${settings}: a failure counts while now - t < windowMs, so the first one, exactly windowMs old, no longer counts and the ${maxFailures - 1} after it do not reach the limit; the right password must let the user in; got ${show(result)}`),
    ).toBe(true);
  });

  it('ends the lock-out exactly lockoutMs after the failure that started it', () => {
    const rng = seededRandom();
    const { login, user, clock, maxFailures, lockoutMs, settings } = setup(rng, { lockoutMs: rng.int(16, 40) * MINUTE });
    fail(login, user.email, user.wrong, maxFailures);
    const lockedAt = clock.time;
    clock.time = lockedAt + lockoutMs - 1;
    const during = login(user.email, user.password);
    expect(during.ok, rng.tag(`with ${settings}: 1 ms before the lock-out ends, the right password must still be refused; got ${show(during)}`)).toBe(false);
    clock.time = lockedAt + lockoutMs;
    const after = login(user.email, user.password);
    expect(after, rng.tag(`with ${settings}: the e-mail is locked until now + lockoutMs and no longer, so at exactly that time the right password must let the user in; got ${show(after)}`)).toEqual({
      ok: true,
      email: user.email,
    });
  });

  it('makes no password check while the e-mail is locked', () => {
    const rng = seededRandom();
    const { login, user, clock, passwords, maxFailures, lockoutMs, settings } = setup(rng);
    fail(login, user.email, user.wrong, maxFailures);
    const before = passwords.checks.length;
    clock.time += Math.floor(lockoutMs / 2);
    login(user.email, user.wrong);
    login(user.email, user.password);
    expect(
      passwords.checks.length - before,
      rng.tag(`with ${settings}: two attempts on a locked e-mail ran ${passwords.checks.length - before} password checks; a locked e-mail is refused without one, so guessing during a lock-out costs the server nothing and tells the attacker nothing`),
    ).toBe(0);
  });

  it('does not count attempts refused during a lock-out towards the next one', () => {
    const rng = seededRandom();
    const lockoutMs = rng.int(5, 15) * MINUTE;
    const { login, user, clock, maxFailures, settings } = setup(rng, { lockoutMs, windowMs: lockoutMs * 3 });
    fail(login, user.email, user.wrong, maxFailures);
    const lockedAt = clock.time;
    for (let i = 1; i <= maxFailures; i += 1) {
      clock.time = lockedAt + Math.floor((lockoutMs * i) / (maxFailures + 1));
      login(user.email, user.wrong);
    }
    clock.time = lockedAt + lockoutMs + SECOND;
    login(user.email, user.wrong);
    const result = login(user.email, user.password);
    expect(
      result,
      rng.tag(`with ${settings}: the ${maxFailures} attempts refused during the lock-out must not count, so one failure after it ends is one failure, and the right password must let the user in; got ${show(result)}`),
    ).toEqual({ ok: true, email: user.email });
  });

  it('counts failures for an e-mail that has no account and locks it as it would any other', () => {
    const rng = seededRandom();
    const { login, passwords, maxFailures, settings } = setup(rng);
    const nobody = randomEmail(rng);
    const failure = login(nobody, randomPassphrase(rng));
    fail(login, nobody, randomPassphrase(rng), maxFailures - 1);
    const before = passwords.checks.length;
    const result = login(nobody, randomPassphrase(rng));
    expect(result, rng.tag(`with ${settings}: the answer must stay the one failure answer; got ${show(result)}`)).toEqual(failure);
    expect(
      passwords.checks.length - before,
      rng.tag(
        `with ${settings}: after ${maxFailures} failures, ${show(nobody)}, which has no account, must be locked like any e-mail (refused without a password check): count failures for unknown e-mails too, or an attacker learns which e-mails exist from which ones never lock (OWASP Authentication Cheat Sheet, "Account Lockout")`,
      ),
    ).toBe(0);
  });

  it('makes the stand-in hash once, when createLogin runs, and checks every unknown e-mail against it', () => {
    const rng = seededRandom();
    const passwords = recordPasswords();
    const login = createLogin({ findAccount: () => undefined, hashPassword: passwords.hashPassword, verifyPassword: passwords.verifyPassword, now: () => 0, maxFailures: 100 });
    expect(passwords.made.size, 'createLogin must make the stand-in hash with hashPassword once, as it runs: hashing in the first login for an unknown e-mail makes that one attempt slower than the others').toBe(1);
    const [standIn] = passwords.made;
    for (let i = 0; i < 3; i += 1) login(randomEmail(rng), randomPassphrase(rng));
    expect(passwords.made.size, rng.tag(`three logins for unknown e-mails made ${passwords.made.size - 1} more hashes: each makes one password check against the stand-in, and hashing a new stand-in each time doubles the work, which the time of the answer shows`)).toBe(1);
    expect(
      passwords.checks.map((check) => check.hash),
      rng.tag('every unknown e-mail must be checked against the same stand-in hash, made when createLogin ran'),
    ).toEqual([standIn, standIn, standIn]);
  });

  it('uses Date.now as its clock when no now is given', () => {
    const rng = seededRandom();
    vi.useFakeTimers({ toFake: ['Date'], now: Date.UTC(2030, 5, rng.int(1, 28)) });
    onTestFinished(() => void vi.useRealTimers());
    const passwords = recordPasswords();
    const email = randomEmail(rng);
    const password = randomPassphrase(rng);
    const account = { email, passwordHash: passwords.hashPassword(password) };
    const login = createLogin({ findAccount: (wanted) => (wanted === email ? account : undefined), hashPassword: passwords.hashPassword, verifyPassword: passwords.verifyPassword, maxFailures: 2, windowMs: MINUTE, lockoutMs: MINUTE });
    fail(login, email, `${password}x`, 2);
    const during = login(email, password);
    expect(during.ok, rng.tag(`without now, the clock is Date.now: two failures lock the e-mail, and the right password is refused; got ${show(during)}`)).toBe(false);
    vi.setSystemTime(Date.now() + MINUTE);
    const after = login(email, password);
    expect(after, rng.tag(`without now, the clock is Date.now: a minute later by Date.now the one-minute lock-out is over; got ${show(after)}`)).toEqual({ ok: true, email });
  });

  it('locks after 5 failures within 15 minutes, for 15 minutes, when the options leave the numbers out', () => {
    const rng = seededRandom();
    const passwords = recordPasswords();
    const email = randomEmail(rng);
    const password = randomPassphrase(rng);
    const account = { email, passwordHash: passwords.hashPassword(password) };
    const clock = { time: Date.UTC(2030, 0, rng.int(1, 28)) };
    const login = createLogin({ findAccount: (wanted) => (wanted === email ? account : undefined), hashPassword: passwords.hashPassword, verifyPassword: passwords.verifyPassword, now: () => clock.time });
    fail(login, email, `${password}x`, 4);
    const four = login(email, password);
    expect(four.ok, rng.tag(`with the default threshold of 5, four failures do not lock the e-mail; got ${show(four)}`)).toBe(true);
    const start = clock.time;
    for (const minute of [0, 4, 8, 12, 14]) {
      clock.time = start + minute * MINUTE;
      login(email, `${password}x`);
    }
    const lockedAt = clock.time;
    clock.time = lockedAt + 15 * MINUTE - SECOND;
    const during = login(email, password);
    expect(during.ok, rng.tag(`by default, five failures within 15 minutes (at 0, 4, 8, 12 and 14 min) lock the e-mail for 15 minutes, so the right password is refused a second before they end; got ${show(during)}`)).toBe(false);
    clock.time = lockedAt + 15 * MINUTE;
    const after = login(email, password);
    expect(after, rng.tag(`by default, the lock-out lasts 15 minutes, and then the right password lets the user in; got ${show(after)}`)).toEqual({ ok: true, email });
  });
});
