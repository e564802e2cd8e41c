import './styles.css';
import { render } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { HelpPage } from './help-page';
import { failureOf, hub } from './hub';
import {
  english,
  type Language,
  languageNames,
  languages,
  loadCatalogue,
  type Messages,
  preferredLanguage,
} from './messages';
import { DataPage, HearingsPage, NoticesPage, RegistrationsPage } from './signed-in-pages';
import { RegisterPage, SignInPage, VerifyPage } from './signed-out-pages';

/** Where the quick-exit button goes: an ordinary site that says nothing about why one was here. */
const NEUTRAL_SITE = 'https://weather.com/';
const LANGUAGE_KEY = 'switchboard.language';

export type Route =
  | 'home'
  | 'sign-in'
  | 'register'
  | 'verify'
  | 'help'
  | 'notices'
  | 'hearings'
  | 'data'
  | 'registrations';
const routes: Route[] = [
  'home',
  'sign-in',
  'register',
  'verify',
  'help',
  'notices',
  'hearings',
  'data',
  'registrations',
];
const signedInRoutes: Route[] = ['notices', 'hearings', 'data', 'registrations'];

export interface PageProps {
  t: Messages;
  lang: Language;
  go(route: Route): void;
  /** The hub refused the session: back to sign-in, saying why. */
  signedOut(): void;
  describe(error: unknown): string;
}

function routeOfHash(): Route {
  const name = location.hash.replace(/^#\/?/, '') as Route;
  return routes.includes(name) ? name : 'home';
}

function storedLanguage(): Language | undefined {
  try {
    const stored = localStorage.getItem(LANGUAGE_KEY);
    return (languages as readonly string[]).includes(stored ?? '') ? (stored as Language) : undefined;
  } catch {
    return undefined;
  }
}

function App() {
  const [lang, setLang] = useState<Language>(
    () => storedLanguage() ?? preferredLanguage(navigator.languages),
  );
  const [route, setRoute] = useState<Route>(routeOfHash);
  const [signedIn, setSignedIn] = useState<boolean | undefined>(undefined);
  const [notice, setNotice] = useState<string | undefined>();
  const [loaded, setLoaded] = useState<{ lang: Language; t: Messages } | undefined>(() =>
    lang === 'en' ? { lang, t: english } : undefined,
  );
  useEffect(() => {
    if (loaded?.lang === lang) return;
    loadCatalogue(lang).then((t) => setLoaded({ lang, t }));
  }, [lang, loaded]);
  // When the language changes, the last words stand until the new ones arrive.
  const t = loaded?.t ?? english;

  useEffect(() => {
    document.documentElement.lang = lang;
    document.title = `${pageTitle(t, route)} · ${t.siteName}`;
  }, [lang, route, t]);
  useEffect(() => {
    const changed = () => setRoute(routeOfHash());
    addEventListener('hashchange', changed);
    return () => removeEventListener('hashchange', changed);
  }, []);
  useEffect(() => {
    hub.session.whoAmI.query().then(
      (who) => setSignedIn(who.kind === 'registrant'),
      () => setSignedIn(false),
    );
  }, [route]);
  // A new page: focus its heading, so a screen reader starts there.
  useEffect(() => {
    document.querySelector<HTMLElement>('main h1')?.focus();
  }, [route, signedIn]);

  const go = (next: Route) => {
    setNotice(undefined);
    location.hash = `#/${next}`;
  };
  const props: PageProps = {
    t,
    lang,
    go,
    signedOut: () => {
      setSignedIn(false);
      setNotice(t.errorSignedOut);
      go('sign-in');
    },
    describe: (error) => {
      const failure = failureOf(error);
      if (failure.kind === 'signed-out') return t.errorSignedOut;
      if (failure.kind === 'too-many') return t.errorTooMany;
      if (failure.kind === 'refused') return failure.message;
      return t.errorGeneric;
    },
  };
  const chooseLanguage = (next: Language) => {
    setLang(next);
    try {
      localStorage.setItem(LANGUAGE_KEY, next);
    } catch {
      // Private browsing: the choice lasts for this page only.
    }
  };
  const signOut = async () => {
    await hub.session.signOut.mutate().catch(() => undefined);
    setSignedIn(false);
    // Nothing of theirs stays in this page's memory or its history.
    history.replaceState(null, '', '#/home');
    setRoute('home');
    setNotice(t.signedOut);
  };

  const effective: Route =
    signedIn === false && signedInRoutes.includes(route)
      ? 'sign-in'
      : signedIn && route === 'home'
        ? 'notices'
        : route;

  // The first page waits for its language's words (a few kilobytes), rather than flash English.
  if (!loaded) return null;
  return (
    <>
      <a class="skip" href="#main">
        {t.skipToContent}
      </a>
      <header>
        <p class="site-name">{t.siteName}</p>
        <div class="tools">
          <a href="#/help" aria-current={effective === 'help' ? 'page' : undefined}>
            {t.navHelp}
          </a>
          <label for="language">{t.language}</label>
          <select
            id="language"
            value={lang}
            onChange={(e) => chooseLanguage(e.currentTarget.value as Language)}
          >
            {languages.map((code) => (
              <option key={code} value={code} lang={code}>
                {languageNames[code]}
              </option>
            ))}
          </select>
          {signedIn && (
            <button type="button" class="secondary" onClick={signOut}>
              {t.signOut}
            </button>
          )}
          <button
            type="button"
            class="quick-exit"
            title={t.quickExitHint}
            onClick={() => {
              document.body.textContent = '';
              location.replace(NEUTRAL_SITE);
            }}
          >
            {t.quickExit}
          </button>
        </div>
      </header>
      {signedIn && (
        <nav aria-label={t.navigation}>
          <ul>
            {(['notices', 'hearings', 'data', 'registrations'] as const).map((name) => (
              <li key={name}>
                <a href={`#/${name}`} aria-current={effective === name ? 'page' : undefined}>
                  {pageTitle(t, name)}
                </a>
              </li>
            ))}
          </ul>
        </nav>
      )}
      <main id="main">
        {notice && (
          <p class="banner banner-ok" role="status">
            {notice}
          </p>
        )}
        {/* Home and register need no answer from the hub: on a slow connection they are usable at
            once, and a signed-in registrant moves on to their notices when the hub answers. */}
        {signedIn === undefined &&
        effective !== 'home' &&
        effective !== 'register' &&
        effective !== 'help' ? (
          <p>{t.loading}</p>
        ) : (
          <Page
            route={effective}
            props={props}
            signedIn={signedIn === true}
            onSignedIn={() => setSignedIn(true)}
          />
        )}
      </main>
    </>
  );
}

function Page({
  route,
  props,
  signedIn,
  onSignedIn,
}: {
  route: Route;
  props: PageProps;
  signedIn: boolean;
  onSignedIn(): void;
}) {
  switch (route) {
    case 'help':
      return <HelpPage {...props} signedIn={signedIn} />;
    case 'sign-in':
      return <SignInPage {...props} onSignedIn={onSignedIn} />;
    case 'register':
      return <RegisterPage {...props} />;
    case 'verify':
      return <VerifyPage {...props} />;
    case 'notices':
      return <NoticesPage {...props} />;
    case 'hearings':
      return <HearingsPage {...props} />;
    case 'data':
      return <DataPage {...props} />;
    case 'registrations':
      return <RegistrationsPage {...props} />;
    default:
      return <HomePage {...props} />;
  }
}

function HomePage({ t, go }: PageProps) {
  return (
    <section>
      <h1 tabIndex={-1}>{t.homeTitle}</h1>
      <p>{t.homeIntro}</p>
      <p class="actions">
        <button type="button" onClick={() => go('register')}>
          {t.homeRegister}
        </button>
        <button type="button" class="secondary" onClick={() => go('sign-in')}>
          {t.homeSignIn}
        </button>
      </p>
    </section>
  );
}

function pageTitle(t: Messages, route: Route): string {
  return {
    home: t.homeTitle,
    'sign-in': t.signInTitle,
    register: t.registerTitle,
    verify: t.verifyTitle,
    help: t.helpTitle,
    notices: t.navNotices,
    hearings: t.navHearings,
    data: t.navData,
    registrations: t.navRegistrations,
  }[route];
}

render(<App />, document.getElementById('app')!);
