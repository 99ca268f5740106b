import { LitElement, css, html } from 'lit';
import { describeMerge } from '../format.js';
import { shared } from '../styles.js';

const MERGE_TONES = { merged: 'good', up_to_date: 'good', conflict: 'bad', fetch_failed: 'bad' };

// What the last build did with each PR, from the status file the deploy script writes. The
// merge output is long and rarely needed, so each PR's is folded away.
export class TbBuildResult extends LitElement {
  static properties = { build: { attribute: false } };

  static styles = [
    shared,
    css`
      :host {
        display: block;
      }
      ul {
        list-style: none;
        padding: 0;
        margin: 0;
      }
      li {
        border-bottom: 1px solid var(--line);
        padding: 0.3rem 0;
      }
      summary {
        cursor: pointer;
      }
      pre {
        white-space: pre-wrap;
        overflow-wrap: anywhere;
        background: #f6f8fa;
        padding: 0.5rem;
        border-radius: 6px;
        font-size: 0.8rem;
      }
    `,
  ];

  render() {
    const build = this.build ?? {};
    const result = build.result;
    const body = build.error
      ? html`<p class="tag bad">The build result could not be read: ${build.error}</p>`
      : !result
        ? html`<p class="muted">No build result yet.</p>`
        : html`<p id="build-footer">${result.footer ?? 'The build wrote no summary.'}</p>
            ${build.not_deployed.length
              ? html`<p class="tag bad">
                  Not deployed: ${build.not_deployed.map((pr) => `#${pr}`).join(', ')}
                </p>`
              : ''}
            <ul>
              ${result.prs.map(
                (pr) => html`<li data-pr=${pr.pr}>
                  <details>
                    <summary>
                      #${pr.pr} ${pr.title}
                      <span class="tag ${MERGE_TONES[pr.merge] ?? 'unknown'}"
                        >${describeMerge(pr.merge)}</span
                      >
                    </summary>
                    <pre>${pr.body}</pre>
                  </details>
                </li>`,
              )}
            </ul>
            ${result.git_status
              ? html`<details>
                  <summary>git status after the build</summary>
                  <pre>${result.git_status}</pre>
                </details>`
              : ''}
            ${build.github_link
              ? html`<p><a href=${build.github_link}>These PRs on GitHub</a></p>`
              : ''}`;
    return html`<section aria-labelledby="build-title">
      <h2 id="build-title">Last build</h2>
      ${body}
    </section>`;
  }
}
customElements.define('tb-build-result', TbBuildResult);
