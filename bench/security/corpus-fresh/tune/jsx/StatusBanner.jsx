import DOMPurify from 'dompurify';

const MAINTENANCE_HTML = '<strong>Scheduled maintenance</strong> on Sunday 02:00–04:00 UTC.';

export function StatusBanner({ incident }) {
  return (
    <div className="status-banner">
      <p dangerouslySetInnerHTML={{ __html: MAINTENANCE_HTML }} />
      {incident && (
        <>
          <p dangerouslySetInnerHTML={{ __html: DOMPurify.sanitize(incident.summaryHtml) }} />
          <a href={`/incidents/${encodeURIComponent(incident.id)}`}>Details</a>
        </>
      )}
    </div>
  );
}
