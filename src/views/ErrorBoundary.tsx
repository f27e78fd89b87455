import { Component, type ReactNode } from 'react';

/** A view that throws shows what happened and a way out, never a blank page. */
export class ErrorBoundary extends Component<{ children: ReactNode; onReset: () => void }, { error: Error | null }> {
  state = { error: null as Error | null };

  static getDerivedStateFromError(error: Error) {
    return { error };
  }

  render() {
    if (!this.state.error) return this.props.children;
    return (
      <div className="card crash" role="alert">
        <h2>This view failed</h2>
        <p className="mono small">{String(this.state.error.message)}</p>
        <p>The loaded data is still in the page. Try another tab, or start over.</p>
        <div className="row">
          <button className="btn" onClick={() => this.setState({ error: null })}>
            Try again
          </button>
          <button
            className="btn"
            onClick={() => {
              this.setState({ error: null });
              this.props.onReset();
            }}
          >
            Clear everything
          </button>
        </div>
      </div>
    );
  }
}
