import { LitElement, css, html } from 'lit';

// A GitHub user: avatar and login. The avatar is decoration (the login is next to it), and
// when it cannot load (no network, blocked) the initial stands in.
export class TbAvatar extends LitElement {
  static properties = { login: {}, src: {}, broken: { state: true } };

  static styles = css`
    :host {
      display: inline-flex;
      align-items: center;
      gap: 0.3rem;
      white-space: nowrap;
    }
    img,
    .initial {
      width: 20px;
      height: 20px;
      border-radius: 50%;
      flex: none;
    }
    .initial {
      display: inline-grid;
      place-items: center;
      background: #d0d7de;
      font-size: 0.7rem;
      font-weight: 600;
    }
  `;

  updated(changed) {
    if (changed.has('src')) this.broken = false;
  }

  render() {
    if (!this.login) return html`<span class="none">nobody</span>`;
    const picture =
      this.src && !this.broken
        ? html`<img src=${this.src} alt="" loading="lazy" @error=${() => (this.broken = true)} />`
        : html`<span class="initial" aria-hidden="true">${this.login[0].toUpperCase()}</span>`;
    return html`${picture}<span>${this.login}</span>`;
  }
}
customElements.define('tb-avatar', TbAvatar);
