import { useApp } from '../store/store';

export function Errors() {
  const errors = useApp((s) => s.errors);
  const dismiss = useApp((s) => s.dismissError);
  if (!errors.length) return null;
  return (
    <div className="errors" role="alert" data-testid="errors">
      {errors.map((e) => (
        <div key={e.id} className="error">
          <span className="error-file">{e.file}</span>
          <span className="error-msg">{e.message}</span>
          <button className="btn small" onClick={() => dismiss(e.id)} aria-label="Dismiss">
            ✕
          </button>
        </div>
      ))}
    </div>
  );
}
