import { currentCode, type StaffAccount } from './staff-accounts';

/**
 * What a staff member's browser does to sign in to the hub: GET /sign-in, follow the redirects to
 * the provider's form, post username, password and authenticator code, follow the redirects back.
 * Cookies are kept per host, as a browser keeps them. The demo signs its coordinator in with it.
 */
export async function signInThroughBrowser(
  hubUrl: string,
  account: StaffAccount,
  code: string = currentCode(account),
): Promise<{ status: number; text: string; session?: string }> {
  const jar = new Map<string, Map<string, string>>();
  const go = async (start: URL, form?: Record<string, string>) => {
    let url = start;
    let body = form ? new URLSearchParams(form).toString() : undefined;
    for (let hop = 0; hop < 20; hop++) {
      const cookies = jar.get(url.host) ?? new Map<string, string>();
      const response = await fetch(url, {
        method: body ? 'POST' : 'GET',
        redirect: 'manual',
        headers: {
          cookie: [...cookies].map(([name, value]) => `${name}=${value}`).join('; '),
          ...(body ? { 'content-type': 'application/x-www-form-urlencoded' } : {}),
        },
        body,
      });
      for (const line of response.headers.getSetCookie()) {
        const [pair = ''] = line.split(';');
        const [name = '', ...value] = pair.split('=');
        if (/Max-Age=0\b/i.test(line)) cookies.delete(name.trim());
        else cookies.set(name.trim(), value.join('='));
      }
      jar.set(url.host, cookies);
      const location = response.headers.get('location');
      if (response.status < 300 || response.status >= 400 || !location)
        return { url, status: response.status, text: await response.text() };
      url = new URL(location, url);
      body = undefined;
    }
    throw new Error('sign-in: too many redirects');
  };
  const form = await go(new URL('/sign-in', hubUrl));
  if (form.status !== 200 || !form.text.includes('name="code"')) return form;
  const done = await go(form.url, { username: account.username, password: account.password, code });
  return { ...done, session: jar.get(new URL(hubUrl).host)?.get('sb_session') };
}
