/**
 * Two small projects shaped like real ones, for the design tests: a Python reporting package (exporters
 * behind an abstract base, an error hierarchy, pytest with conftest fixtures) and a TypeScript
 * notification module (channels behind an interface and an abstract class, typed errors, vitest tests
 * with a shared fake).
 */

export const PYTHON_REPORTS: Record<string, string> = {
  'vouch.toml': '',
  'pyproject.toml': '[project]\nname = "ledger"\nversion = "1.4.0"\n\n[tool.pytest.ini_options]\ntestpaths = ["tests"]\n',
  'reports/__init__.py': '"""Monthly reports and the formats they are exported in."""\n',
  'reports/model.py': `from dataclasses import dataclass, field


@dataclass
class Report:
    """A report: a title and rows of named values."""

    title: str
    columns: list[str]
    rows: list[dict[str, object]] = field(default_factory=list)
`,
  'reports/errors.py': `class ReportError(Exception):
    """Base of every error the reports package raises."""


class ExportError(ReportError):
    """An exporter could not render a report."""

    def __init__(self, exporter: str, reason: str):
        super().__init__(f"{exporter}: {reason}")
        self.exporter = exporter
        self.reason = reason
`,
  'reports/base.py': `from abc import ABC, abstractmethod
from pathlib import Path

from .model import Report


class Exporter(ABC):
    """Turns a report into bytes in one format; subclasses say which."""

    media_type: str = "application/octet-stream"
    extension: str = ".bin"

    def __init__(self, report: Report):
        self.report = report

    @abstractmethod
    def render(self) -> bytes:
        """The whole report in this format."""

    def export(self, directory: Path) -> Path:
        target = directory / f"{self.report.title}{self.extension}"
        target.write_bytes(self.render())
        return target
`,
  'reports/json_exporter.py': `import json

from .base import Exporter
from .errors import ExportError


class JsonExporter(Exporter):
    """Exports a report as a JSON document."""

    media_type = "application/json"
    extension = ".json"

    def render(self) -> bytes:
        try:
            document = {"title": self.report.title, "rows": self.report.rows}
            return json.dumps(document, indent=2).encode("utf-8")
        except TypeError as error:
            raise ExportError("json", f"a value cannot be written as JSON ({error})") from error
`,
  'reports/html_exporter.py': `from html import escape

from .base import Exporter
from .errors import ExportError


class HtmlExporter(Exporter):
    """Exports a report as an HTML table."""

    media_type = "text/html"
    extension = ".html"

    def render(self) -> bytes:
        if not self.report.columns:
            raise ExportError("html", "a report without columns has no table")
        head = "".join(f"<th>{escape(name)}</th>" for name in self.report.columns)
        body = "".join(
            "<tr>" + "".join(f"<td>{escape(str(row.get(name, '')))}</td>" for name in self.report.columns) + "</tr>"
            for row in self.report.rows
        )
        return f"<table><tr>{head}</tr>{body}</table>".encode("utf-8")
`,
  'reports/registry.py': `from .html_exporter import HtmlExporter
from .json_exporter import JsonExporter

EXPORTERS = {"json": JsonExporter, "html": HtmlExporter}


def exporter_for(name: str):
    return EXPORTERS[name]
`,
  'tests/__init__.py': '',
  'tests/conftest.py': `import pytest

from reports.model import Report


@pytest.fixture
def sample_report() -> Report:
    return Report(
        title="march",
        columns=["account", "balance"],
        rows=[{"account": "cash", "balance": 120}, {"account": "bank", "balance": 4500}],
    )
`,
  'tests/test_json_exporter.py': `import json

import pytest

from reports.errors import ExportError
from reports.json_exporter import JsonExporter


def test_renders_title_and_rows(sample_report):
    document = json.loads(JsonExporter(sample_report).render())
    assert document["title"] == "march"
    assert document["rows"][1]["balance"] == 4500


def test_unserialisable_value_is_an_export_error(sample_report):
    sample_report.rows.append({"account": object()})
    with pytest.raises(ExportError):
        JsonExporter(sample_report).render()
`,
};

export const TYPESCRIPT_NOTIFY: Record<string, string> = {
  'vouch.toml': '',
  'package.json': JSON.stringify(
    { name: 'notify', version: '2.0.0', type: 'module', devDependencies: { vitest: '^4.1.0', typescript: '^5.9.0' } },
    null,
    2,
  ),
  'src/notify/errors.ts': `/** Base of every error the notification module throws. */
export class NotifyError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'NotifyError';
  }
}

/** A channel accepted the message but could not deliver it. */
export class DeliveryError extends NotifyError {
  constructor(
    readonly channel: string,
    readonly retryable: boolean,
    message: string,
  ) {
    super(\`\${channel}: \${message}\`);
    this.name = 'DeliveryError';
  }
}
`,
  'src/notify/channel.ts': `import type { Message } from './message.js';

/** Somewhere a notification can be sent. */
export interface Channel {
  readonly name: string;
  send(message: Message): Promise<void>;
}

/** What every channel shares: a name, and refusing empty messages before any network call. */
export abstract class BaseChannel implements Channel {
  abstract readonly name: string;

  async send(message: Message): Promise<void> {
    if (!message.body.trim()) return;
    await this.deliver(message);
  }

  protected abstract deliver(message: Message): Promise<void>;
}
`,
  'src/notify/message.ts': `export interface Message {
  to: string;
  subject?: string;
  body: string;
}
`,
  'src/notify/email-channel.ts': `import { BaseChannel } from './channel.js';
import { DeliveryError } from './errors.js';
import type { Message } from './message.js';

export interface MailTransport {
  sendMail(to: string, subject: string, text: string): Promise<{ accepted: boolean }>;
}

/** Sends notifications as email through an injected transport. */
export class EmailChannel extends BaseChannel {
  readonly name = 'email';

  constructor(private readonly transport: MailTransport) {
    super();
  }

  protected async deliver(message: Message): Promise<void> {
    const result = await this.transport.sendMail(message.to, message.subject ?? '', message.body);
    if (!result.accepted) throw new DeliveryError(this.name, true, \`\${message.to} was not accepted\`);
  }
}
`,
  'src/notify/webhook-channel.ts': `import { BaseChannel } from './channel.js';
import { DeliveryError } from './errors.js';
import type { Message } from './message.js';

/** Posts notifications as JSON to a webhook URL. */
export class WebhookChannel extends BaseChannel {
  readonly name = 'webhook';

  constructor(
    private readonly url: string,
    private readonly fetchImpl: typeof fetch = fetch,
  ) {
    super();
  }

  protected async deliver(message: Message): Promise<void> {
    const response = await this.fetchImpl(this.url, { method: 'POST', body: JSON.stringify(message) });
    if (!response.ok) throw new DeliveryError(this.name, response.status >= 500, \`HTTP \${response.status}\`);
  }
}
`,
  'test/support/fake-transport.ts': `import type { MailTransport } from '../../src/notify/email-channel.js';

/** A mail transport that records what it was asked to send. */
export function fakeTransport(accepted = true): MailTransport & { sent: string[] } {
  const sent: string[] = [];
  return {
    sent,
    async sendMail(to) {
      sent.push(to);
      return { accepted };
    },
  };
}
`,
  'test/notify/email-channel.test.ts': `import { beforeEach, describe, expect, it } from 'vitest';
import { EmailChannel } from '../../src/notify/email-channel.js';
import { DeliveryError } from '../../src/notify/errors.js';
import { fakeTransport } from '../support/fake-transport.js';

describe('EmailChannel', () => {
  let transport: ReturnType<typeof fakeTransport>;
  beforeEach(() => {
    transport = fakeTransport();
  });

  it('sends the message to its recipient', async () => {
    await new EmailChannel(transport).send({ to: 'ann@example.com', body: 'hello' });
    expect(transport.sent).toEqual(['ann@example.com']);
  });

  it('throws a retryable DeliveryError when the transport refuses', async () => {
    const channel = new EmailChannel(fakeTransport(false));
    await expect(channel.send({ to: 'bob@example.com', body: 'hi' })).rejects.toBeInstanceOf(DeliveryError);
  });
});
`,
};

/** The 1-based line of the first line of `file` that contains `text`. */
export function lineOf(files: Record<string, string>, file: string, text: string): number {
  const index = (files[file] ?? '').split('\n').findIndex((line) => line.includes(text));
  if (index < 0) throw new Error(`${file} has no line with ${text}`);
  return index + 1;
}
