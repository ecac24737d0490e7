import i18next from 'i18next';
import { useTranslation, Trans } from 'react-i18next';

i18next.init({
  lng: 'en',
  interpolation: { escapeValue: false },
  resources: {
    en: {
      translation: {
        welcome: 'Welcome back, <strong>{{name}}</strong>!',
        legal: 'By continuing you accept the <a href="/terms">terms</a>.',
        greeting: 'Hello <1>{{name}}</1>',
      },
    },
  },
});

export function WelcomeBanner({ name }: { name: string }) {
  const { t } = useTranslation();
  return (
    <div className="welcome">
      <p dangerouslySetInnerHTML={{ __html: t('welcome', { name }) }} />
      <p dangerouslySetInnerHTML={{ __html: t('legal') }} />
      <p>
        <Trans i18nKey="greeting" values={{ name }} components={{ 1: <strong /> }} />
      </p>
    </div>
  );
}
