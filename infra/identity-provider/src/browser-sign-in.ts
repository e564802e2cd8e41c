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
  const browser = new Browser();
  const form = await browser.go(new URL('/sign-in', hubUrl));
  if (form.status !== 200 || !form.text.includes('name="code"')) return form;
  const done = await browser.go(form.url, { username: account.username, password: account.password, code });
  return { ...done, session: browser.cookie(new URL(hubUrl).host, 'sb_session') };
}

/**
 * What the person does in their browser when the command line signs in (device authorization
 * grant): open the link it printed, confirm the code it shows, sign in with password and
 * authenticator code. Returns the provider's last page.
 */
export async function approveDeviceInBrowser(
  verificationUrl: string,
  account: StaffAccount,
  code: string = currentCode(account),
): Promise<{ status: number; text: string }> {
  const browser = new Browser();
  let page = await browser.go(new URL(verificationUrl));
  // The provider's pages: enter (or confirm) the code, each a form with hidden fields.
  for (let step = 0; step < 3 && !page.text.includes('name="code"'); step++) {
    const form = /<form[^>]*action="([^"]+)"[^>]*>([\s\S]*?)<\/form>/i.exec(page.text);
    if (!form) return page;
    const fields: Record<string, string> = {};
    for (const input of form[2]!.matchAll(/<input[^>]*>/gi)) {
      const name = /name="([^"]+)"/.exec(input[0])?.[1];
      const value = /value="([^"]*)"/.exec(input[0])?.[1] ?? '';
      if (name) fields[name] = value;
    }
    page = await browser.go(new URL(form[1]!, page.url), fields);
  }
  if (!page.text.includes('name="code"')) return page;
  return browser.go(page.url, { username: account.username, password: account.password, code });
}

/** Redirects followed by hand and cookies kept per host, as a browser keeps them. */
class Browser {
  private readonly jar = new Map<string, Map<string, string>>();

  cookie(host: string, name: string): string | undefined {
    return this.jar.get(host)?.get(name);
  }

  async go(start: URL, form?: Record<string, string>): Promise<{ url: URL; status: number; text: string }> {
    let url = start;
    let body = form ? new URLSearchParams(form).toString() : undefined;
    for (let hop = 0; hop < 20; hop++) {
      const cookies = this.jar.get(url.host) ?? new Map<string, string>();
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
      this.jar.set(url.host, cookies);
      const location = response.headers.get('location');
      if (response.status < 300 || response.status >= 400 || !location)
        return { url, status: response.status, text: await response.text() };
      url = new URL(location, url);
      body = undefined;
    }
    throw new Error('sign-in: too many redirects');
  }
}
