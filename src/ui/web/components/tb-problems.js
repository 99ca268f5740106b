import { LitElement, css, html } from 'lit';
import { shared } from '../styles.js';

const SOURCES = {
  state_file: 'The state file',
  status_file: 'The last build result',
  flags_file: 'The feature flags file',
  github: 'GitHub',
};

// Things a person has to fix or wait out (a broken file, GitHub unreachable), above
// everything else, because every number below may depend on them.
export class TbProblems extends LitElement {
  static properties = { problems: { attribute: false } };

  static styles = [
    shared,
    css`
      :host {
        display: block;
      }
      section {
        border: 1px solid var(--bad);
        background: var(--bad-bg);
        border-radius: 8px;
        padding: 0.6rem 0.9rem;
      }
      ul {
        margin: 0;
        padding-left: 1.2rem;
      }
    `,
  ];

  render() {
    const problems = this.problems ?? [];
    if (problems.length === 0) return '';
    return html`<section role="alert" aria-labelledby="problems-title" id="problems">
      <h2 id="problems-title">Needs attention</h2>
      <ul>
        ${problems.map(
          (problem) => html`<li data-source=${problem.source}>
            <strong>${SOURCES[problem.source] ?? problem.source}:</strong> ${problem.message}
          </li>`,
        )}
      </ul>
    </section>`;
  }
}
customElements.define('tb-problems', TbProblems);
