var me=Object.defineProperty;var fe=(i,t,e)=>t in i?me(i,t,{enumerable:!0,configurable:!0,writable:!0,value:e}):i[t]=e;var p=(i,t,e)=>fe(i,typeof t!="symbol"?t+"":t,e);var st=globalThis,it=st.ShadowRoot&&(st.ShadyCSS===void 0||st.ShadyCSS.nativeShadow)&&"adoptedStyleSheets"in Document.prototype&&"replace"in CSSStyleSheet.prototype,yt=Symbol(),Ot=new WeakMap,H=class{constructor(t,e,s){if(this._$cssResult$=!0,s!==yt)throw Error("CSSResult is not constructable. Use `unsafeCSS` or `css` instead.");this.cssText=t,this.t=e}get styleSheet(){let t=this.o,e=this.t;if(it&&t===void 0){let s=e!==void 0&&e.length===1;s&&(t=Ot.get(e)),t===void 0&&((this.o=t=new CSSStyleSheet).replaceSync(this.cssText),s&&Ot.set(e,t))}return t}toString(){return this.cssText}},Ut=i=>new H(typeof i=="string"?i:i+"",void 0,yt),m=(i,...t)=>{let e=i.length===1?i[0]:t.reduce((s,r,n)=>s+(o=>{if(o._$cssResult$===!0)return o.cssText;if(typeof o=="number")return o;throw Error("Value passed to 'css' function must be a 'css' function result: "+o+". Use 'unsafeCSS' to pass non-literal values, but take care to ensure page security.")})(r)+i[n+1],i[0]);return new H(e,i,yt)},Ht=(i,t)=>{if(it)i.adoptedStyleSheets=t.map(e=>e instanceof CSSStyleSheet?e:e.styleSheet);else for(let e of t){let s=document.createElement("style"),r=st.litNonce;r!==void 0&&s.setAttribute("nonce",r),s.textContent=e.cssText,i.appendChild(s)}},vt=it?i=>i:i=>i instanceof CSSStyleSheet?(t=>{let e="";for(let s of t.cssRules)e+=s.cssText;return Ut(e)})(i):i;var{is:be,defineProperty:ge,getOwnPropertyDescriptor:$e,getOwnPropertyNames:ye,getOwnPropertySymbols:ve,getPrototypeOf:_e}=Object,rt=globalThis,Dt=rt.trustedTypes,xe=Dt?Dt.emptyScript:"",Ae=rt.reactiveElementPolyfillSupport,D=(i,t)=>i,_t={toAttribute(i,t){switch(t){case Boolean:i=i?xe:null;break;case Object:case Array:i=i==null?i:JSON.stringify(i)}return i},fromAttribute(i,t){let e=i;switch(t){case Boolean:e=i!==null;break;case Number:e=i===null?null:Number(i);break;case Object:case Array:try{e=JSON.parse(i)}catch{e=null}}return e}},Tt=(i,t)=>!be(i,t),Lt={attribute:!0,type:String,converter:_t,reflect:!1,useDefault:!1,hasChanged:Tt};Symbol.metadata??=Symbol("metadata"),rt.litPropertyMetadata??=new WeakMap;var x=class extends HTMLElement{static addInitializer(t){this._$Ei(),(this.l??=[]).push(t)}static get observedAttributes(){return this.finalize(),this._$Eh&&[...this._$Eh.keys()]}static createProperty(t,e=Lt){if(e.state&&(e.attribute=!1),this._$Ei(),this.prototype.hasOwnProperty(t)&&((e=Object.create(e)).wrapped=!0),this.elementProperties.set(t,e),!e.noAccessor){let s=Symbol(),r=this.getPropertyDescriptor(t,s,e);r!==void 0&&ge(this.prototype,t,r)}}static getPropertyDescriptor(t,e,s){let{get:r,set:n}=$e(this.prototype,t)??{get(){return this[e]},set(o){this[e]=o}};return{get:r,set(o){let l=r?.call(this);n?.call(this,o),this.requestUpdate(t,l,s)},configurable:!0,enumerable:!0}}static getPropertyOptions(t){return this.elementProperties.get(t)??Lt}static _$Ei(){if(this.hasOwnProperty(D("elementProperties")))return;let t=_e(this);t.finalize(),t.l!==void 0&&(this.l=[...t.l]),this.elementProperties=new Map(t.elementProperties)}static finalize(){if(this.hasOwnProperty(D("finalized")))return;if(this.finalized=!0,this._$Ei(),this.hasOwnProperty(D("properties"))){let e=this.properties,s=[...ye(e),...ve(e)];for(let r of s)this.createProperty(r,e[r])}let t=this[Symbol.metadata];if(t!==null){let e=litPropertyMetadata.get(t);if(e!==void 0)for(let[s,r]of e)this.elementProperties.set(s,r)}this._$Eh=new Map;for(let[e,s]of this.elementProperties){let r=this._$Eu(e,s);r!==void 0&&this._$Eh.set(r,e)}this.elementStyles=this.finalizeStyles(this.styles)}static finalizeStyles(t){let e=[];if(Array.isArray(t)){let s=new Set(t.flat(1/0).reverse());for(let r of s)e.unshift(vt(r))}else t!==void 0&&e.push(vt(t));return e}static _$Eu(t,e){let s=e.attribute;return s===!1?void 0:typeof s=="string"?s:typeof t=="string"?t.toLowerCase():void 0}constructor(){super(),this._$Ep=void 0,this.isUpdatePending=!1,this.hasUpdated=!1,this._$Em=null,this._$Ev()}_$Ev(){this._$ES=new Promise(t=>this.enableUpdating=t),this._$AL=new Map,this._$E_(),this.requestUpdate(),this.constructor.l?.forEach(t=>t(this))}addController(t){(this._$EO??=new Set).add(t),this.renderRoot!==void 0&&this.isConnected&&t.hostConnected?.()}removeController(t){this._$EO?.delete(t)}_$E_(){let t=new Map,e=this.constructor.elementProperties;for(let s of e.keys())this.hasOwnProperty(s)&&(t.set(s,this[s]),delete this[s]);t.size>0&&(this._$Ep=t)}createRenderRoot(){let t=this.shadowRoot??this.attachShadow(this.constructor.shadowRootOptions);return Ht(t,this.constructor.elementStyles),t}connectedCallback(){this.renderRoot??=this.createRenderRoot(),this.enableUpdating(!0),this._$EO?.forEach(t=>t.hostConnected?.())}enableUpdating(t){}disconnectedCallback(){this._$EO?.forEach(t=>t.hostDisconnected?.())}attributeChangedCallback(t,e,s){this._$AK(t,s)}_$ET(t,e){let s=this.constructor.elementProperties.get(t),r=this.constructor._$Eu(t,s);if(r!==void 0&&s.reflect===!0){let n=(s.converter?.toAttribute!==void 0?s.converter:_t).toAttribute(e,s.type);this._$Em=t,n==null?this.removeAttribute(r):this.setAttribute(r,n),this._$Em=null}}_$AK(t,e){let s=this.constructor,r=s._$Eh.get(t);if(r!==void 0&&this._$Em!==r){let n=s.getPropertyOptions(r),o=typeof n.converter=="function"?{fromAttribute:n.converter}:n.converter?.fromAttribute!==void 0?n.converter:_t;this._$Em=r;let l=o.fromAttribute(e,n.type);this[r]=l??this._$Ej?.get(r)??l,this._$Em=null}}requestUpdate(t,e,s,r=!1,n){if(t!==void 0){let o=this.constructor;if(r===!1&&(n=this[t]),s??=o.getPropertyOptions(t),!((s.hasChanged??Tt)(n,e)||s.useDefault&&s.reflect&&n===this._$Ej?.get(t)&&!this.hasAttribute(o._$Eu(t,s))))return;this.C(t,e,s)}this.isUpdatePending===!1&&(this._$ES=this._$EP())}C(t,e,{useDefault:s,reflect:r,wrapped:n},o){s&&!(this._$Ej??=new Map).has(t)&&(this._$Ej.set(t,o??e??this[t]),n!==!0||o!==void 0)||(this._$AL.has(t)||(this.hasUpdated||s||(e=void 0),this._$AL.set(t,e)),r===!0&&this._$Em!==t&&(this._$Eq??=new Set).add(t))}async _$EP(){this.isUpdatePending=!0;try{await this._$ES}catch(e){Promise.reject(e)}let t=this.scheduleUpdate();return t!=null&&await t,!this.isUpdatePending}scheduleUpdate(){return this.performUpdate()}performUpdate(){if(!this.isUpdatePending)return;if(!this.hasUpdated){if(this.renderRoot??=this.createRenderRoot(),this._$Ep){for(let[r,n]of this._$Ep)this[r]=n;this._$Ep=void 0}let s=this.constructor.elementProperties;if(s.size>0)for(let[r,n]of s){let{wrapped:o}=n,l=this[r];o!==!0||this._$AL.has(r)||l===void 0||this.C(r,void 0,n,l)}}let t=!1,e=this._$AL;try{t=this.shouldUpdate(e),t?(this.willUpdate(e),this._$EO?.forEach(s=>s.hostUpdate?.()),this.update(e)):this._$EM()}catch(s){throw t=!1,this._$EM(),s}t&&this._$AE(e)}willUpdate(t){}_$AE(t){this._$EO?.forEach(e=>e.hostUpdated?.()),this.hasUpdated||(this.hasUpdated=!0,this.firstUpdated(t)),this.updated(t)}_$EM(){this._$AL=new Map,this.isUpdatePending=!1}get updateComplete(){return this.getUpdateComplete()}getUpdateComplete(){return this._$ES}shouldUpdate(t){return!0}update(t){this._$Eq&&=this._$Eq.forEach(e=>this._$ET(e,this[e])),this._$EM()}updated(t){}firstUpdated(t){}};x.elementStyles=[],x.shadowRootOptions={mode:"open"},x[D("elementProperties")]=new Map,x[D("finalized")]=new Map,Ae?.({ReactiveElement:x}),(rt.reactiveElementVersions??=[]).push("2.1.2");var At=globalThis,Bt=i=>i,nt=At.trustedTypes,It=nt?nt.createPolicy("lit-html",{createHTML:i=>i}):void 0,wt="$lit$",A=`lit$${Math.random().toFixed(9).slice(2)}$`,Et="?"+A,we=`<${Et}>`,C=document,T=()=>C.createComment(""),B=i=>i===null||typeof i!="object"&&typeof i!="function",St=Array.isArray,Wt=i=>St(i)||typeof i?.[Symbol.iterator]=="function",xt=`[ 	
\f\r]`,L=/<(?:(!--|\/[^a-zA-Z])|(\/?[a-zA-Z][^>\s]*)|(\/?$))/g,jt=/-->/g,zt=/>/g,S=RegExp(`>|${xt}(?:([^\\s"'>=/]+)(${xt}*=${xt}*(?:[^ 	
\f\r"'\`<>=]|("|')|))|$)`,"g"),qt=/'/g,Vt=/"/g,Jt=/^(?:script|style|textarea|title)$/i,kt=i=>(t,...e)=>({_$litType$:i,strings:t,values:e}),a=kt(1),Xe=kt(2),Qe=kt(3),w=Symbol.for("lit-noChange"),v=Symbol.for("lit-nothing"),Gt=new WeakMap,k=C.createTreeWalker(C,129);function Kt(i,t){if(!St(i)||!i.hasOwnProperty("raw"))throw Error("invalid template strings array");return It!==void 0?It.createHTML(t):t}var Ft=(i,t)=>{let e=i.length-1,s=[],r,n=t===2?"<svg>":t===3?"<math>":"",o=L;for(let l=0;l<e;l++){let d=i[l],u,$,c=-1,g=0;for(;g<d.length&&(o.lastIndex=g,$=o.exec(d),$!==null);)g=o.lastIndex,o===L?$[1]==="!--"?o=jt:$[1]!==void 0?o=zt:$[2]!==void 0?(Jt.test($[2])&&(r=RegExp("</"+$[2],"g")),o=S):$[3]!==void 0&&(o=S):o===S?$[0]===">"?(o=r??L,c=-1):$[1]===void 0?c=-2:(c=o.lastIndex-$[2].length,u=$[1],o=$[3]===void 0?S:$[3]==='"'?Vt:qt):o===Vt||o===qt?o=S:o===jt||o===zt?o=L:(o=S,r=void 0);let f=o===S&&i[l+1].startsWith("/>")?" ":"";n+=o===L?d+we:c>=0?(s.push(u),d.slice(0,c)+wt+d.slice(c)+A+f):d+A+(c===-2?l:f)}return[Kt(i,n+(i[e]||"<?>")+(t===2?"</svg>":t===3?"</math>":"")),s]},I=class i{constructor({strings:t,_$litType$:e},s){let r;this.parts=[];let n=0,o=0,l=t.length-1,d=this.parts,[u,$]=Ft(t,e);if(this.el=i.createElement(u,s),k.currentNode=this.el.content,e===2||e===3){let c=this.el.content.firstChild;c.replaceWith(...c.childNodes)}for(;(r=k.nextNode())!==null&&d.length<l;){if(r.nodeType===1){if(r.hasAttributes())for(let c of r.getAttributeNames())if(c.endsWith(wt)){let g=$[o++],f=r.getAttribute(c).split(A),y=/([.?@])?(.*)/.exec(g);d.push({type:1,index:n,name:y[2],strings:f,ctor:y[1]==="."?ot:y[1]==="?"?lt:y[1]==="@"?dt:R}),r.removeAttribute(c)}else c.startsWith(A)&&(d.push({type:6,index:n}),r.removeAttribute(c));if(Jt.test(r.tagName)){let c=r.textContent.split(A),g=c.length-1;if(g>0){r.textContent=nt?nt.emptyScript:"";for(let f=0;f<g;f++)r.append(c[f],T()),k.nextNode(),d.push({type:2,index:++n});r.append(c[g],T())}}}else if(r.nodeType===8)if(r.data===Et)d.push({type:2,index:n});else{let c=-1;for(;(c=r.data.indexOf(A,c+1))!==-1;)d.push({type:7,index:n}),c+=A.length-1}n++}}static createElement(t,e){let s=C.createElement("template");return s.innerHTML=t,s}};function P(i,t,e=i,s){if(t===w)return t;let r=s!==void 0?e._$Co?.[s]:e._$Cl,n=B(t)?void 0:t._$litDirective$;return r?.constructor!==n&&(r?._$AO?.(!1),n===void 0?r=void 0:(r=new n(i),r._$AT(i,e,s)),s!==void 0?(e._$Co??=[])[s]=r:e._$Cl=r),r!==void 0&&(t=P(i,r._$AS(i,t.values),r,s)),t}var at=class{constructor(t,e){this._$AV=[],this._$AN=void 0,this._$AD=t,this._$AM=e}get parentNode(){return this._$AM.parentNode}get _$AU(){return this._$AM._$AU}u(t){let{el:{content:e},parts:s}=this._$AD,r=(t?.creationScope??C).importNode(e,!0);k.currentNode=r;let n=k.nextNode(),o=0,l=0,d=s[0];for(;d!==void 0;){if(o===d.index){let u;d.type===2?u=new M(n,n.nextSibling,this,t):d.type===1?u=new d.ctor(n,d.name,d.strings,this,t):d.type===6&&(u=new ct(n,this,t)),this._$AV.push(u),d=s[++l]}o!==d?.index&&(n=k.nextNode(),o++)}return k.currentNode=C,r}p(t){let e=0;for(let s of this._$AV)s!==void 0&&(s.strings!==void 0?(s._$AI(t,s,e),e+=s.strings.length-2):s._$AI(t[e])),e++}},M=class i{get _$AU(){return this._$AM?._$AU??this._$Cv}constructor(t,e,s,r){this.type=2,this._$AH=v,this._$AN=void 0,this._$AA=t,this._$AB=e,this._$AM=s,this.options=r,this._$Cv=r?.isConnected??!0}get parentNode(){let t=this._$AA.parentNode,e=this._$AM;return e!==void 0&&t?.nodeType===11&&(t=e.parentNode),t}get startNode(){return this._$AA}get endNode(){return this._$AB}_$AI(t,e=this){t=P(this,t,e),B(t)?t===v||t==null||t===""?(this._$AH!==v&&this._$AR(),this._$AH=v):t!==this._$AH&&t!==w&&this._(t):t._$litType$!==void 0?this.$(t):t.nodeType!==void 0?this.T(t):Wt(t)?this.k(t):this._(t)}O(t){return this._$AA.parentNode.insertBefore(t,this._$AB)}T(t){this._$AH!==t&&(this._$AR(),this._$AH=this.O(t))}_(t){this._$AH!==v&&B(this._$AH)?this._$AA.nextSibling.data=t:this.T(C.createTextNode(t)),this._$AH=t}$(t){let{values:e,_$litType$:s}=t,r=typeof s=="number"?this._$AC(t):(s.el===void 0&&(s.el=I.createElement(Kt(s.h,s.h[0]),this.options)),s);if(this._$AH?._$AD===r)this._$AH.p(e);else{let n=new at(r,this),o=n.u(this.options);n.p(e),this.T(o),this._$AH=n}}_$AC(t){let e=Gt.get(t.strings);return e===void 0&&Gt.set(t.strings,e=new I(t)),e}k(t){St(this._$AH)||(this._$AH=[],this._$AR());let e=this._$AH,s,r=0;for(let n of t)r===e.length?e.push(s=new i(this.O(T()),this.O(T()),this,this.options)):s=e[r],s._$AI(n),r++;r<e.length&&(this._$AR(s&&s._$AB.nextSibling,r),e.length=r)}_$AR(t=this._$AA.nextSibling,e){for(this._$AP?.(!1,!0,e);t!==this._$AB;){let s=Bt(t).nextSibling;Bt(t).remove(),t=s}}setConnected(t){this._$AM===void 0&&(this._$Cv=t,this._$AP?.(t))}},R=class{get tagName(){return this.element.tagName}get _$AU(){return this._$AM._$AU}constructor(t,e,s,r,n){this.type=1,this._$AH=v,this._$AN=void 0,this.element=t,this.name=e,this._$AM=r,this.options=n,s.length>2||s[0]!==""||s[1]!==""?(this._$AH=Array(s.length-1).fill(new String),this.strings=s):this._$AH=v}_$AI(t,e=this,s,r){let n=this.strings,o=!1;if(n===void 0)t=P(this,t,e,0),o=!B(t)||t!==this._$AH&&t!==w,o&&(this._$AH=t);else{let l=t,d,u;for(t=n[0],d=0;d<n.length-1;d++)u=P(this,l[s+d],e,d),u===w&&(u=this._$AH[d]),o||=!B(u)||u!==this._$AH[d],u===v?t=v:t!==v&&(t+=(u??"")+n[d+1]),this._$AH[d]=u}o&&!r&&this.j(t)}j(t){t===v?this.element.removeAttribute(this.name):this.element.setAttribute(this.name,t??"")}},ot=class extends R{constructor(){super(...arguments),this.type=3}j(t){this.element[this.name]=t===v?void 0:t}},lt=class extends R{constructor(){super(...arguments),this.type=4}j(t){this.element.toggleAttribute(this.name,!!t&&t!==v)}},dt=class extends R{constructor(t,e,s,r,n){super(t,e,s,r,n),this.type=5}_$AI(t,e=this){if((t=P(this,t,e,0)??v)===w)return;let s=this._$AH,r=t===v&&s!==v||t.capture!==s.capture||t.once!==s.once||t.passive!==s.passive,n=t!==v&&(s===v||r);r&&this.element.removeEventListener(this.name,this,s),n&&this.element.addEventListener(this.name,this,t),this._$AH=t}handleEvent(t){typeof this._$AH=="function"?this._$AH.call(this.options?.host??this.element,t):this._$AH.handleEvent(t)}},ct=class{constructor(t,e,s){this.element=t,this.type=6,this._$AN=void 0,this._$AM=e,this.options=s}get _$AU(){return this._$AM._$AU}_$AI(t){P(this,t)}},Xt={M:wt,P:A,A:Et,C:1,L:Ft,R:at,D:Wt,V:P,I:M,H:R,N:lt,U:dt,B:ot,F:ct},Ee=At.litHtmlPolyfillSupport;Ee?.(I,M),(At.litHtmlVersions??=[]).push("3.3.3");var Qt=(i,t,e)=>{let s=e?.renderBefore??t,r=s._$litPart$;if(r===void 0){let n=e?.renderBefore??null;s._$litPart$=r=new M(t.insertBefore(T(),n),n,void 0,e??{})}return r._$AI(i),r};var Ct=globalThis,h=class extends x{constructor(){super(...arguments),this.renderOptions={host:this},this._$Do=void 0}createRenderRoot(){let t=super.createRenderRoot();return this.renderOptions.renderBefore??=t.firstChild,t}update(t){let e=this.render();this.hasUpdated||(this.renderOptions.isConnected=this.isConnected),super.update(t),this._$Do=Qt(e,this.renderRoot,this.renderOptions)}connectedCallback(){super.connectedCallback(),this._$Do?.setConnected(!0)}disconnectedCallback(){super.disconnectedCallback(),this._$Do?.setConnected(!1)}render(){return w}};h._$litElement$=!0,h.finalized=!0,Ct.litElementHydrateSupport?.({LitElement:h});var Se=Ct.litElementPolyfillSupport;Se?.({LitElement:h});(Ct.litElementVersions??=[]).push("4.2.2");function j(i){return i?i.slice(0,7):""}function Zt(i){switch(i?.kind){case"up_to_date":return{text:"up to date",tone:"good"};case"behind":{let t=i.commits;return{text:`${t} commit${t===1?"":"s"} behind`,tone:t<=5?"warn":"bad"}}case"diverged":return{text:`diverged: ${i.ahead} ahead, ${i.behind} behind`,tone:"bad"};default:return{text:"unknown",tone:"unknown"}}}var ke=[["year",365*24*3600],["month",720*3600],["week",168*3600],["day",24*3600],["hour",3600],["minute",60]],Yt=new Intl.RelativeTimeFormat("en",{numeric:"auto"});function te(i,t=Date.now()){if(!i)return"never";let e=Date.parse(i);if(Number.isNaN(e))return"at an unknown time";let s=Math.round((e-t)/1e3);if(Math.abs(s)<45)return"just now";for(let[r,n]of ke)if(Math.abs(s)>=n)return Yt.format(Math.round(s/n),r);return Yt.format(Math.round(s/60),"minute")}function ee(i){if(!i)return"";let t=new Date(i);return Number.isNaN(t.getTime())?i:t.toLocaleString("en")}function Ce(i){let t=Math.round(i/1e3);return t<60?`${t} s`:`${Math.floor(t/60)} min ${t%60} s`}function N(i,t,e=`${t}s`){return`${i} ${i===1?t:e}`}var Pe={add:"add",pin:"move the pin of",enable:"enable",disable:"disable",remove:"remove"},Re={merged:"merged on GitHub",dropped:"removed from the testing set"};function se(i){let e=`${Pe[i.action]??i.action} #${i.pr}`;return i.action==="pin"&&(e+=` from ${j(i.from)} to ${j(i.to)}`),i.action==="remove"&&i.reason&&(e+=` (${Re[i.reason]??i.reason})`),e}var Ne={merged:"merged",up_to_date:"already in the branch",conflict:"merge conflict",fetch_failed:"could not be fetched",unknown:"outcome unknown"};function pt(i){return Ne[i]??i}function ie(i){if(!i)return"waiting for Jenkins to accept the build";let t=i.phase;switch(t.state){case"queued":return`queued in Jenkins${t.why?`: ${t.why}`:""}`;case"running":{let e=[...t.stages].reverse().find(s=>s.status==="in_progress");return`build #${t.number} running${e?`: ${e.name}`:""}`}case"finished":{let e=t.failed_stage?` in ${t.failed_stage}`:"",s=t.result.replace("_"," ");return`build #${t.number} finished: ${s}${e}, ${Ce(t.duration_ms)}`}case"cancelled":return`cancelled in the Jenkins queue${t.why?`: ${t.why}`:""}`;case"lost":return`lost track of the build: ${t.reason}`;default:return t.state}}function re(i){let t=i?.phase;return t?t.state==="finished"?t.result==="success"?"good":"bad":t.state==="cancelled"||t.state==="lost"?"bad":"busy":"busy"}function Pt(i,t){if(!i)return a`<span class="muted">nobody</span>`;let e=t?a`<img src=${t} alt="" loading="lazy" @error=${Me} />`:"";return a`<span class="person"
    ><span class="avatar" aria-hidden="true" data-initial=${i[0].toUpperCase()}
      >${e}</span
    >${i}</span
  >`}function Me(i){i.target.hidden=!0}function ne(i,t){let{text:e,tone:s}=Zt(i);return a`<span
    class="tag ${s} ${t?"stale":""}"
    title=${t?`May be out of date: ${t}`:""}
    >${e}${t?a`<span class="visually-hidden"> (may be out of date)</span>`:""}</span
  >`}function ht(i){return i?a`<time datetime=${i} title=${ee(i)}>${te(i)}</time>`:a`<span>never</span>`}var ut=new Set,Rt=null,Oe=15e3,O=class{constructor(t){this.host=t,t.addController(this)}hostConnected(){ut.add(this.host),Rt??=setInterval(()=>ut.forEach(t=>t.requestUpdate()),Oe)}hostDisconnected(){ut.delete(this.host),ut.size===0&&(clearInterval(Rt),Rt=null)}};var mt=class extends h{constructor(){super(),new O(this)}render(){return ht(this.at)}};p(mt,"properties",{at:{}});customElements.define("tb-time",mt);var b=m`
  :host {
    --good: #1a7f37;
    --good-bg: #dafbe1;
    --warn: #7d4e00;
    --warn-bg: #fff1c2;
    --bad: #b3261e;
    --bad-bg: #ffe3e0;
    --busy: #0b57d0;
    --busy-bg: #dde8fc;
    --unknown: #59636e;
    --unknown-bg: #eceef1;
    --line: #d0d7de;
    --muted: #59636e;
    --accent: #0b57d0;
    box-sizing: border-box;
  }
  *, *::before, *::after {
    box-sizing: inherit;
  }
  h2 {
    font-size: 1.05rem;
    margin: 0 0 0.5rem;
  }
  a {
    color: var(--accent);
  }
  button {
    font: inherit;
    padding: 0.35rem 0.8rem;
    border: 1px solid var(--line);
    border-radius: 6px;
    background: #f6f8fa;
    color: inherit;
    cursor: pointer;
  }
  button.primary {
    background: var(--accent);
    border-color: var(--accent);
    color: white;
  }
  a.button {
    display: inline-block;
    padding: 0.35rem 0.8rem;
    border: 1px solid var(--line);
    border-radius: 6px;
    background: #f6f8fa;
    color: inherit;
    text-decoration: none;
  }
  button:disabled,
  button[aria-disabled='true'] {
    cursor: not-allowed;
    opacity: 0.6;
  }
  button[aria-busy='true'] {
    cursor: progress;
  }
  :focus-visible {
    outline: 3px solid #0969da;
    outline-offset: 1px;
  }
  .muted {
    color: var(--muted);
  }
  .tag {
    display: inline-block;
    padding: 0 0.45rem;
    border-radius: 999px;
    font-size: 0.8rem;
    line-height: 1.5;
    white-space: nowrap;
    border: 1px solid transparent;
  }
  .good { color: var(--good); background: var(--good-bg); }
  .warn { color: var(--warn); background: var(--warn-bg); }
  .bad { color: var(--bad); background: var(--bad-bg); }
  .busy { color: var(--busy); background: var(--busy-bg); }
  .unknown { color: var(--unknown); background: var(--unknown-bg); }
  .stale {
    border-style: dashed;
    border-color: currentColor;
    opacity: 0.75;
  }
  code {
    font-family: ui-monospace, SFMono-Regular, Menlo, monospace;
    font-size: 0.85em;
  }
  .visually-hidden {
    position: absolute;
    width: 1px;
    height: 1px;
    overflow: hidden;
    clip: rect(0 0 0 0);
    white-space: nowrap;
  }
`;var z=class extends h{render(){if(this.state==="live")return a`<span class="tag good" id="live"><span class="dot"></span>Live</span>`;let t=this.state==="connecting"?"Not live, reconnecting":"Not live";return a`<span class="tag bad" id="live" role="status"
      ><span class="dot"></span>${t}: the data is from
      <tb-time .at=${this.since}></tb-time></span
    >`}};p(z,"properties",{state:{},since:{}}),p(z,"styles",[b,m`
      .dot {
        display: inline-block;
        width: 0.6rem;
        height: 0.6rem;
        border-radius: 50%;
        margin-right: 0.3rem;
        background: currentColor;
      }
    `]);customElements.define("tb-live-status",z);var q=class extends h{render(){let t=this.viewer??{},e=encodeURIComponent("/status/v2");if(!t.login)return t.sign_in_available?a`<a class="button" href="/auth/login?next=${e}">Sign in with GitHub</a>`:a`<span class="muted">Not signed in</span>`;let s=t.maintainer?"maintainer":"read only",r=t.reason?a` <span class="muted">(${t.reason})</span>`:"",n=t.via==="session"?a`<button @click=${()=>this.dispatchEvent(new CustomEvent("sign-out"))}>
            Sign out
          </button>`:"";return a`<span>Signed in as <strong>${t.login}</strong>, ${s}${r}</span>
      ${n}`}};p(q,"properties",{viewer:{attribute:!1}}),p(q,"styles",b);customElements.define("tb-account",q);var V=class extends h{render(){let t=this.messages??[];return a`<div role="status" aria-live="polite" id="messages">
      <ul>
        ${t.map(e=>a`<li class="message ${e.tone}" data-id=${e.id}>
              <div>
                <strong>${e.text}</strong>
                ${e.items?.length?a`<ul>
                      ${e.items.map(s=>a`<li class="outcome" data-outcome=${s.outcome}>
                          ${s.text}
                        </li>`)}
                    </ul>`:""}
              </div>
              <button
                aria-label="Dismiss this message"
                @click=${()=>this.dispatchEvent(new CustomEvent("dismiss",{detail:e.id}))}
              >
                ×
              </button>
            </li>`)}
      </ul>
    </div>`}};p(V,"properties",{messages:{attribute:!1}}),p(V,"styles",[b,m`
      ul {
        list-style: none;
        margin: 0;
        padding: 0;
      }
      .message {
        border: 1px solid var(--line);
        border-left-width: 4px;
        border-radius: 6px;
        padding: 0.4rem 0.6rem;
        margin-bottom: 0.4rem;
        display: flex;
        gap: 0.5rem;
        justify-content: space-between;
        align-items: start;
        background: white;
      }
      .message.good { border-left-color: var(--good); }
      .message.warn { border-left-color: var(--warn); }
      .message.bad { border-left-color: var(--bad); }
      .message ul {
        padding-left: 1.2rem;
        list-style: disc;
      }
      .message li.bad { background: none; }
      button {
        padding: 0 0.5rem;
      }
    `]);customElements.define("tb-messages",V);var Ue={state_file:"The state file",status_file:"The last build result",flags_file:"The feature flags file",github:"GitHub"},G=class extends h{render(){let t=this.problems??[];return t.length===0?"":a`<section role="alert" aria-labelledby="problems-title" id="problems">
      <h2 id="problems-title">Needs attention</h2>
      <ul>
        ${t.map(e=>a`<li data-source=${e.source}>
            <strong>${Ue[e.source]??e.source}:</strong> ${e.message}
          </li>`)}
      </ul>
    </section>`}};p(G,"properties",{problems:{attribute:!1}}),p(G,"styles",[b,m`
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
    `]);customElements.define("tb-problems",G);var He={success:"good",in_progress:"busy",queued:"busy",paused_pending_input:"warn",failed:"bad",unstable:"warn",aborted:"bad"},W=class extends h{render(){let t=a`<span>Testing was last deployed
      <tb-time .at=${this.lastDeployAt}></tb-time>.</span>`,e=this.deploy;if(!e)return a`<section id="deploy-banner" aria-label="Deploy">${t}</section>`;let s=e.triggered?re(e.build):"good",r=e.build?.phase,n=r?.stages??[],o=r?.url??e.build?.queue_item_url,l=e.in_progress?"Deploying":"Deployed",d=e.triggered?ie(e.build):"recorded only: no Jenkins is configured";return a`<section id="deploy-banner" class=${s} aria-label="Deploy">
      <span
        ><strong>${l} ${N(e.prs.length,"PR")}</strong>, requested by
        ${e.requested_by} <tb-time .at=${e.requested_at}></tb-time>:
        <span id="build-state">${d}</span>.</span
      >
      ${n.length?a`<ol aria-label="Stages">
            ${n.map(u=>a`<li class="tag ${He[u.status]??"unknown"}">
                ${u.name}: ${u.status.replaceAll("_"," ")}
              </li>`)}
          </ol>`:""}
      ${o?a`<a href=${o} target="_blank" rel="noopener">Open in Jenkins</a>`:""}
      ${t}
    </section>`}};p(W,"properties",{deploy:{attribute:!1},lastDeployAt:{}}),p(W,"styles",[b,m`
      :host {
        display: block;
      }
      section {
        border: 1px solid var(--line);
        border-radius: 8px;
        padding: 0.6rem 0.9rem;
        display: flex;
        flex-wrap: wrap;
        gap: 0.4rem 1rem;
        align-items: center;
      }
      section.busy { border-color: var(--busy); background: var(--busy-bg); color: inherit; }
      section.good { border-color: var(--good); background: var(--good-bg); color: inherit; }
      section.bad { border-color: var(--bad); background: var(--bad-bg); color: inherit; }
      ol {
        display: flex;
        flex-wrap: wrap;
        gap: 0.3rem;
        list-style: none;
        margin: 0;
        padding: 0;
      }
    `]);customElements.define("tb-deploy-banner",W);var J=class extends h{clear(){let t=this.renderRoot.querySelector("input");t&&(t.value="")}submit(t){t.preventDefault();let e=this.renderRoot.querySelector("input").value.trim();!e||this.busy||this.disabled||this.dispatchEvent(new CustomEvent("add-prs",{detail:{text:e}}))}render(){return a`<form @submit=${this.submit} aria-label="Add PRs">
      <label
        >PRs to add: numbers or GitHub links, separated by spaces or commas
        <input
          id="add-input"
          name="prs"
          autocomplete="off"
          placeholder="11214, https://github.com/…/pull/11215"
          ?disabled=${this.disabled}
      /></label>
      <button
        class="primary"
        type="submit"
        id="add-button"
        aria-disabled=${this.disabled||this.busy?"true":"false"}
        aria-busy=${this.busy?"true":"false"}
      >
        ${this.busy?"Adding\u2026":"Add"}
      </button>
    </form>`}};p(J,"properties",{busy:{type:Boolean},disabled:{type:Boolean}}),p(J,"styles",[b,m`
      form {
        display: flex;
        flex-wrap: wrap;
        gap: 0.4rem;
        align-items: end;
      }
      label {
        display: flex;
        flex-direction: column;
        flex: 1 1 18rem;
        gap: 0.2rem;
      }
      input {
        font: inherit;
        padding: 0.35rem 0.5rem;
        border: 1px solid var(--line);
        border-radius: 6px;
      }
    `]);customElements.define("tb-add-form",J);var ae={ATTRIBUTE:1,CHILD:2,PROPERTY:3,BOOLEAN_ATTRIBUTE:4,EVENT:5,ELEMENT:6},oe=i=>(...t)=>({_$litDirective$:i,values:t}),ft=class{constructor(t){}get _$AU(){return this._$AM._$AU}_$AT(t,e,s){this._$Ct=t,this._$AM=e,this._$Ci=s}_$AS(t,e){return this.update(t,e)}update(t,e){return this.render(...e)}};var{I:De}=Xt,le=i=>i;var de=()=>document.createComment(""),U=(i,t,e)=>{let s=i._$AA.parentNode,r=t===void 0?i._$AB:t._$AA;if(e===void 0){let n=s.insertBefore(de(),r),o=s.insertBefore(de(),r);e=new De(n,o,i,i.options)}else{let n=e._$AB.nextSibling,o=e._$AM,l=o!==i;if(l){let d;e._$AQ?.(i),e._$AM=i,e._$AP!==void 0&&(d=i._$AU)!==o._$AU&&e._$AP(d)}if(n!==r||l){let d=e._$AA;for(;d!==n;){let u=le(d).nextSibling;le(s).insertBefore(d,r),d=u}}}return e},E=(i,t,e=i)=>(i._$AI(t,e),i),Le={},ce=(i,t=Le)=>i._$AH=t,pe=i=>i._$AH,bt=i=>{i._$AR(),i._$AA.remove()};var he=(i,t,e)=>{let s=new Map;for(let r=t;r<=e;r++)s.set(i[r],r);return s},ue=oe(class extends ft{constructor(i){if(super(i),i.type!==ae.CHILD)throw Error("repeat() can only be used in text expressions")}dt(i,t,e){let s;e===void 0?e=t:t!==void 0&&(s=t);let r=[],n=[],o=0;for(let l of i)r[o]=s?s(l,o):o,n[o]=e(l,o),o++;return{values:n,keys:r}}render(i,t,e){return this.dt(i,t,e).values}update(i,[t,e,s]){let r=pe(i),{values:n,keys:o}=this.dt(t,e,s);if(!Array.isArray(r))return this.ut=o,n;let l=this.ut??=[],d=[],u,$,c=0,g=r.length-1,f=0,y=n.length-1;for(;c<=g&&f<=y;)if(r[c]===null)c++;else if(r[g]===null)g--;else if(l[c]===o[f])d[f]=E(r[c],n[f]),c++,f++;else if(l[g]===o[y])d[y]=E(r[g],n[y]),g--,y--;else if(l[c]===o[y])d[y]=E(r[c],n[y]),U(i,d[y+1],r[c]),c++,y--;else if(l[g]===o[f])d[f]=E(r[g],n[f]),U(i,r[c],r[g]),g--,f++;else if(u===void 0&&(u=he(o,f,y),$=he(l,c,g)),u.has(l[c]))if(u.has(l[g])){let _=$.get(o[f]),$t=_!==void 0?r[_]:null;if($t===null){let Mt=U(i,r[c]);E(Mt,n[f]),d[f]=Mt}else d[f]=E($t,n[f]),U(i,r[c],$t),r[_]=null;f++}else bt(r[g]),g--;else bt(r[c]),c++;for(;f<=y;){let _=U(i,d[y+1]);E(_,n[f]),d[f++]=_}for(;c<=g;){let _=r[c++];_!==null&&bt(_)}return this.ut=o,ce(i,d),w}});var K=class extends h{constructor(){super(),new O(this)}updated(){!this.marked&&this.rows?.length&&(this.marked=!0,performance.mark("tb-table-rendered"))}toggle(t,e){let s=new Set(this.selected??[]);e?s.add(t):s.delete(t),this.report(s)}toggleAll(t){this.report(new Set(t?this.rows.map(e=>e.pr):[]))}report(t){this.dispatchEvent(new CustomEvent("selection-change",{detail:{selected:t}}))}render(){let t=this.rows??[],e=new Set(this.selected??[]),s=new Set(t.map(l=>l.pr)),r=(this.deployed??[]).filter(l=>!s.has(l.pr)),n=t.length>0&&t.every(l=>e.has(l.pr)),o=t.some(l=>e.has(l.pr));return a`<table id="prs">
      <caption class="visually-hidden">
        PRs in the testing set
      </caption>
      <thead>
        <tr>
          <th scope="col">
            ${this.selectable?a`<input
                  type="checkbox"
                  id="select-all"
                  aria-label="Select all PRs"
                  .checked=${n}
                  .indeterminate=${o&&!n}
                  @change=${l=>this.toggleAll(l.target.checked)}
                />`:a`<span class="visually-hidden">Selection</span>`}
          </th>
          <th scope="col">PR</th>
          <th scope="col">People</th>
          <th scope="col">Pinned commit</th>
          <th scope="col">Branch head</th>
          <th scope="col">Drift</th>
          <th scope="col">Enabled</th>
          <th scope="col">Added</th>
        </tr>
      </thead>
      <tbody>
        ${ue(t,l=>l.pr,l=>this.renderRow(l,e.has(l.pr)))}
        ${r.map(l=>a`<tr class="gone" data-pr=${l.pr}>
            <td></td>
            <td colspan="7">
              <a href="${this.repoUrl}/pull/${l.pr}">#${l.pr}</a>
              <span class="title">${l.title}</span>
              <span class="tag warn">removed, still deployed until the next deploy</span>
            </td>
          </tr>`)}
      </tbody>
    </table>`}renderRow(t,e){let s=r=>a`<a href="${this.repoUrl}/commit/${r}"
      ><code>${j(r)}</code></a
    >`;return a`<tr class=${e?"selected":""} data-pr=${t.pr}>
      <td>
        ${this.selectable?a`<input
              type="checkbox"
              aria-label="Select #${t.pr}"
              .checked=${e}
              @change=${r=>this.toggle(t.pr,r.target.checked)}
            />`:""}
      </td>
      <td data-label="PR" class="pr">
        <a href=${t.url}>#${t.pr}</a>
        <span class="title">${t.title}</span>
        <span class="tags">${this.renderTags(t)}</span>
      </td>
      <td data-label="People">
        <span class="people">
          <span>by ${Pt(t.author,t.author_avatar)}</span>
          ${t.assignee?a`<span>assigned to ${Pt(t.assignee,t.assignee_avatar)}</span>`:a`<span class="muted">unassigned</span>`}
        </span>
      </td>
      <td data-label="Pinned commit" class="pin">
        ${s(t.pin)}
        ${t.staged_pin?a`<span class="tag busy">→ ${j(t.staged_pin)} at the next deploy</span>`:""}
      </td>
      <td data-label="Branch head" class="head">
        ${t.head?s(t.head):a`<span class="muted">unknown</span>`}
      </td>
      <td data-label="Drift" class="drift">
        ${ne(t.drift,t.stale)}
      </td>
      <td data-label="Enabled" class="enabled">${this.renderEnabled(t)}</td>
      <td data-label="Added">
        ${ht(t.added_at)}
        ${t.added_by?a`by ${t.added_by}`:""}
      </td>
    </tr>`}renderEnabled(t){let e=t.active?"enabled":"disabled";if(t.staged_active===null||t.staged_active===void 0)return a`<span class="tag ${t.active?"good":"unknown"}">${e}</span>`;let s=t.staged_active?"enabled":"disabled";return a`<span class="tag busy">${e} → ${s} at the next deploy</span>`}renderTags(t){let e=[];t.github_state==="merged"&&e.push(["warn","merged"]),t.github_state==="closed"&&e.push(["bad","closed"]),t.github_state||e.push(["unknown","state unknown"]),(t.last_build==="conflict"||t.last_build==="fetch_failed")&&e.push(["bad",`${pt(t.last_build)} in the last build`]);let s=t.staged_active??t.active;return!t.deployed&&s&&e.push(["busy","new since the last deploy"]),e.map(([r,n])=>a`<span class="tag ${r}">${n}</span>`)}};p(K,"properties",{rows:{attribute:!1},deployed:{attribute:!1},selected:{attribute:!1},selectable:{type:Boolean},repoUrl:{}}),p(K,"styles",[b,m`
      :host {
        display: block;
        overflow-x: auto;
      }
      table {
        border-collapse: collapse;
        width: 100%;
      }
      th,
      td {
        text-align: left;
        vertical-align: top;
        padding: 0.4rem 0.5rem;
        border-bottom: 1px solid var(--line);
      }
      td.pr {
        min-width: 15rem;
      }
      th {
        font-size: 0.85rem;
        white-space: nowrap;
      }
      td .tag {
        white-space: normal;
      }
      tr.selected td {
        background: #f1f6fe;
      }
      tr.gone td {
        color: var(--muted);
        font-style: italic;
      }
      .title {
        display: block;
        margin: 0.1rem 0 0.2rem;
        overflow-wrap: anywhere;
      }
      .tags {
        display: flex;
        flex-wrap: wrap;
        gap: 0.2rem;
      }
      .people {
        display: flex;
        flex-direction: column;
        gap: 0.2rem;
      }
      .person {
        display: inline-flex;
        align-items: center;
        gap: 0.3rem;
        white-space: nowrap;
      }
      .avatar {
        position: relative;
        display: inline-grid;
        place-items: center;
        width: 20px;
        height: 20px;
        border-radius: 50%;
        background: #d0d7de;
        font-size: 0.7rem;
        font-weight: 600;
        overflow: hidden;
      }
      .avatar::before {
        content: attr(data-initial);
      }
      .avatar img {
        position: absolute;
        inset: 0;
        width: 100%;
        height: 100%;
      }
      input[type='checkbox'] {
        width: 1.1rem;
        height: 1.1rem;
      }
      @media (max-width: 720px) {
        table,
        tbody,
        tr,
        td {
          display: block;
        }
        thead tr {
          display: flex;
          gap: 0.5rem;
          align-items: center;
        }
        thead th:not(:first-child) {
          display: none;
        }
        tr {
          border: 1px solid var(--line);
          border-radius: 8px;
          margin-bottom: 0.6rem;
          padding: 0.3rem 0;
        }
        td,
        td.pr {
          min-width: 0;
          border: none;
          padding: 0.2rem 0.6rem;
        }
        td[data-label]::before {
          content: attr(data-label) ': ';
          color: var(--muted);
          font-size: 0.85rem;
        }
      }
    `]);customElements.define("tb-pr-table",K);var Te=[["update","Update to branch head","Updating\u2026"],["enable","Enable","Enabling\u2026"],["disable","Disable","Disabling\u2026"],["remove","Remove","Removing\u2026"]],F=class extends h{act(t,e){e||this.dispatchEvent(new CustomEvent("pr-action",{detail:{operation:t}}))}render(){let t=this.count===0,e=t?"No PR selected":`${N(this.count,"PR")} selected`;return a`<div role="toolbar" aria-label="Actions on the selected PRs">
      <span class="count" id="selection-count">${e}</span>
      ${Te.map(([s,r,n])=>{let o=this.busy===s,l=this.disabled||t||!!this.busy;return a`<button
          data-action=${s}
          aria-disabled=${l?"true":"false"}
          aria-busy=${o?"true":"false"}
          @click=${()=>this.act(s,l)}
        >
          ${o?n:r}
        </button>`})}
      <button
        class="refresh"
        data-action="refresh"
        aria-disabled=${this.disabled||this.busy?"true":"false"}
        aria-busy=${this.busy==="refresh"?"true":"false"}
        @click=${()=>this.act("refresh",this.disabled||!!this.busy)}
      >
        ${this.busy==="refresh"?"Refreshing\u2026":"Refresh from GitHub"}
      </button>
    </div>`}};p(F,"properties",{count:{type:Number},busy:{},disabled:{type:Boolean}}),p(F,"styles",[b,m`
      div {
        display: flex;
        flex-wrap: wrap;
        gap: 0.4rem;
        align-items: center;
      }
      .count {
        margin-right: 0.4rem;
      }
      .refresh {
        margin-left: auto;
      }
    `]);customElements.define("tb-selection-actions",F);var X=class extends h{render(){let t=this.plan??[],e=this.inProgress?"A deploy is running; wait for it to finish.":"",s=this.disabled||this.busy||this.inProgress;return a`<section aria-labelledby="deploy-title">
      <h2 id="deploy-title">Next deploy</h2>
      ${t.length?a`<p>The next deploy builds ${N(this.activeCount,"enabled PR")} and changes:</p>
            <ol id="plan">
              ${t.map(r=>a`<li data-action=${r.action} data-pr=${r.pr}>
                  ${se(r)}: <span class="title">${r.title}</span>
                </li>`)}
            </ol>`:a`<p id="plan">
            Nothing has changed since the last deploy; deploying again rebuilds
            ${N(this.activeCount,"enabled PR")}.
          </p>`}
      <button
        class="primary"
        id="deploy-button"
        aria-disabled=${s?"true":"false"}
        aria-busy=${this.busy?"true":"false"}
        aria-describedby="deploy-reason"
        @click=${()=>s||this.dispatchEvent(new CustomEvent("deploy"))}
      >
        ${this.busy?"Deploying\u2026":"Deploy to testing"}
      </button>
      <span id="deploy-reason" class="muted">${e}</span>
    </section>`}};p(X,"properties",{plan:{attribute:!1},activeCount:{type:Number},busy:{type:Boolean},inProgress:{type:Boolean},disabled:{type:Boolean}}),p(X,"styles",[b,m`
      :host {
        display: block;
      }
      ol {
        margin: 0.3rem 0 0.6rem;
        padding-left: 1.4rem;
      }
      .title {
        overflow-wrap: anywhere;
      }
    `]);customElements.define("tb-deploy-panel",X);var Be={merged:"good",up_to_date:"good",conflict:"bad",fetch_failed:"bad"},Q=class extends h{render(){let t=this.build??{},e=t.result,s=t.error?a`<p class="tag bad">The build result could not be read: ${t.error}</p>`:e?a`<p id="build-footer">${e.footer??"The build wrote no summary."}</p>
            ${t.not_deployed.length?a`<p class="tag bad">
                  Not deployed: ${t.not_deployed.map(r=>`#${r}`).join(", ")}
                </p>`:""}
            <ul>
              ${e.prs.map(r=>a`<li data-pr=${r.pr}>
                  <details>
                    <summary>
                      #${r.pr} ${r.title}
                      <span class="tag ${Be[r.merge]??"unknown"}"
                        >${pt(r.merge)}</span
                      >
                    </summary>
                    <pre>${r.body}</pre>
                  </details>
                </li>`)}
            </ul>
            ${e.git_status?a`<details>
                  <summary>git status after the build</summary>
                  <pre>${e.git_status}</pre>
                </details>`:""}
            ${t.github_link?a`<p><a href=${t.github_link}>These PRs on GitHub</a></p>`:""}`:a`<p class="muted">No build result yet.</p>`;return a`<section aria-labelledby="build-title">
      <h2 id="build-title">Last build</h2>
      ${s}
    </section>`}};p(Q,"properties",{build:{attribute:!1}}),p(Q,"styles",[b,m`
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
    `]);customElements.define("tb-build-result",Q);var Y=class extends h{render(){let t=this.system??{},e=this.github??{},s=Object.entries(t.integrations??{}).map(([n,o])=>`${n.replaceAll("_"," ")} ${o?"on":"off"}`).join(", "),r=e.last_reconcile;return a`<section aria-labelledby="system-title">
      <h2 id="system-title">System</h2>
      <dl id="system">
        <dt>Version</dt>
        <dd>testbed ${t.version} on ${t.host}, ${t.mode} mode</dd>
        <dt>Started</dt>
        <dd><tb-time .at=${t.started_at}></tb-time></dd>
        <dt>Access</dt>
        <dd>${t.access}</dd>
        <dt>State file</dt>
        <dd><code>${t.state_file}</code></dd>
        <dt>Build result</dt>
        <dd><code>${t.status_file}</code></dd>
        <dt>Feature flags</dt>
        <dd>${t.flags_file?a`<code>${t.flags_file}</code>`:"none"}</dd>
        <dt>Integrations</dt>
        <dd>${s}</dd>
        <dt>GitHub</dt>
        <dd>
          ${e.auth}; ${e.rate_limit_remaining??"unknown"} requests left
          ${e.paused_until?a`; paused until <tb-time .at=${e.paused_until}></tb-time>`:""}
        </dd>
        <dt>Last reconcile</dt>
        <dd>
          ${r?a`<tb-time .at=${r.finished_at}></tb-time>: ${r.requests}
                requests in ${r.duration_ms} ms${r.failures.length?a`, <span class="tag bad">${r.failures.join("; ")}</span>`:""}`:"not yet"}
        </dd>
        <dt>Webhooks</dt>
        <dd>
          ${t.webhooks_applied} applied, last
          <tb-time .at=${t.last_webhook_at}></tb-time>
        </dd>
      </dl>
    </section>`}};p(Y,"properties",{system:{attribute:!1},github:{attribute:!1}}),p(Y,"styles",[b,m`
      :host {
        display: block;
      }
      dl {
        display: grid;
        grid-template-columns: max-content 1fr;
        gap: 0.2rem 1rem;
        margin: 0;
      }
      dt {
        color: var(--muted);
      }
      dd {
        margin: 0;
        overflow-wrap: anywhere;
      }
    `]);customElements.define("tb-system",Y);var Z=class extends h{render(){let t=this.flags??{},e=t.flags?.features??{},s;return t.error?s=a`<p class="tag bad">The flags file could not be read: ${t.error}</p>`:t.configured?s=a`<table id="flags">
        <thead>
          <tr>
            <th scope="col">Flag</th>
            <th scope="col">Value</th>
          </tr>
        </thead>
        <tbody>
          ${Object.entries(e).map(([r,n])=>a`<tr>
              <th scope="row"><code>${r}</code></th>
              <td>${typeof n=="string"?n:JSON.stringify(n)}</td>
            </tr>`)}
        </tbody>
      </table>`:s=a`<p class="muted">No feature flags file is configured.</p>`,a`<section aria-labelledby="flags-title">
      <h2 id="flags-title">Feature flags</h2>
      ${s}
    </section>`}};p(Z,"properties",{flags:{attribute:!1}}),p(Z,"styles",[b,m`
      :host {
        display: block;
      }
      table {
        border-collapse: collapse;
        width: 100%;
      }
      td {
        overflow-wrap: anywhere;
      }
      th,
      td {
        text-align: left;
        padding: 0.15rem 0.8rem 0.15rem 0;
        border-bottom: 1px solid var(--line);
        vertical-align: top;
      }
    `]);customElements.define("tb-flags",Z);var Ie={web:"on the dashboard",api:"through the API",comment:"in a PR comment",webhook:"from GitHub",system:"by testbed"},tt=class extends h{render(){let t=this.activity??[];return a`<section aria-labelledby="activity-title">
      <h2 id="activity-title">Recent activity</h2>
      ${t.length===0?a`<p class="muted">Nothing has changed since testbed started keeping a log.</p>`:a`<ol id="activity">
            ${t.map(e=>this.renderEntry(e))}
          </ol>`}
    </section>`}renderEntry(t){let e=t.prs.length?t.prs.map(r=>`#${r}`).join(", "):"",s=typeof t.outcome=="string"?a`: ${t.outcome}`:a`<ul>
            ${t.outcome.map(r=>a`<li>${r.message}</li>`)}
          </ul>`;return a`<li>
      <tb-time .at=${t.at}></tb-time> <strong>${t.actor}</strong>
      ${Ie[t.channel]??t.channel}: ${t.operation} ${e}${s}
    </li>`}};p(tt,"properties",{activity:{attribute:!1}}),p(tt,"styles",[b,m`
      :host {
        display: block;
      }
      ol {
        list-style: none;
        padding: 0;
        margin: 0;
      }
      li {
        border-bottom: 1px solid var(--line);
        padding: 0.3rem 0;
      }
      ul {
        margin: 0.2rem 0 0;
        padding-left: 1.2rem;
      }
    `]);customElements.define("tb-activity",tt);async function Nt(i,t){let e;try{e=await fetch(i,{method:"POST",credentials:"same-origin",headers:t===void 0?{}:{"content-type":"application/json"},body:t===void 0?void 0:JSON.stringify(t)})}catch{return{ok:!1,status:0,body:null,message:"The testbed server did not answer."}}let s=null;try{s=e.status===204?null:await e.json()}catch{}let r=s?.message??s?.error?.message??je(e.status);return{ok:e.ok,status:e.status,body:s,message:r}}function je(i){return i>=200&&i<300?"Done.":i===401?"Sign in to do that.":i===403?"Only maintainers can do that.":`The server answered ${i}.`}var gt=class{constructor({url:t,onSnapshot:e,onState:s}){this.url=t,this.onSnapshot=e,this.onState=s,this.pause=1e3,this.source=null,this.retry=null}start(){this.stop(),this.onState("connecting");let t=new EventSource(this.url,{withCredentials:!0});this.source=t,t.onopen=()=>{this.pause=1e3,this.onState("live")},t.addEventListener("snapshot",e=>{try{this.onSnapshot(JSON.parse(e.data))}catch{}}),t.onerror=()=>{t.readyState===EventSource.CLOSED?(this.onState("offline"),this.retry=setTimeout(()=>this.start(),this.pause),this.pause=Math.min(this.pause*2,3e4)):this.onState("connecting")}}stop(){clearTimeout(this.retry),this.source?.close(),this.source=null}};var ze=5,qe={update:"/api/prs/update",enable:"/api/prs/enable",disable:"/api/prs/disable",remove:"/api/prs/remove",refresh:"/api/refresh"},et=class extends h{constructor(){super();let t=Ve();this.snapshot=t.snapshot??null,this.viewer=t.viewer??{},this.refused=t.refused??null,this.live="connecting",this.busy=null,this.messages=[],this.selected=[],this.nextMessageId=1,this.stream=new gt({url:"/api/events",onSnapshot:e=>this.applySnapshot(e),onState:e=>this.live=e})}connectedCallback(){super.connectedCallback(),this.refused||this.stream.start()}disconnectedCallback(){super.disconnectedCallback(),this.stream.stop()}applySnapshot(t){let e=this.snapshot,s=e&&t.system?.started_at!==e.system?.started_at;if(e&&!s&&t.version<=e.version)return;this.snapshot=t,this.refused=null;let r=new Set(t.testing.prs.map(o=>o.pr)),n=this.selected.filter(o=>r.has(o));n.length!==this.selected.length&&(this.selected=n)}say(t,e,s=[]){let r={id:this.nextMessageId++,tone:t,text:e,items:s};this.messages=[r,...this.messages].slice(0,ze)}report(t){if(t.body?.snapshot&&this.applySnapshot(t.body.snapshot),!t.ok){this.say("bad",t.message);return}let e=t.body?.results??[],s=e.filter(o=>o.outcome==="done"||o.outcome==="unchanged"),r=s.length===e.length?"good":s.length?"warn":"bad",n=e.map(o=>({outcome:o.outcome,text:o.message}));this.say(e.length?r:"good",t.body?.message??"Done.",n)}async perform(t,e,s){if(this.busy)return null;this.busy=t;try{let r=await Nt(e,s);return this.report(r),r}finally{this.busy=null}}async onAdd(t){let e=await this.perform("add","/api/prs/add",{prs:t.detail.text}),s=e?.body?.results??[];e?.ok&&s.every(r=>r.outcome==="done"||r.outcome==="unchanged")&&this.renderRoot.querySelector("tb-add-form")?.clear()}async onAction(t){let{operation:e}=t.detail,s=e==="refresh"?void 0:{prs:this.selected};(await this.perform(e,qe[e],s))?.ok&&e==="remove"&&(this.selected=[])}async onDeploy(){await this.perform("deploy","/api/deploy")}async onSignOut(){let t=await Nt("/auth/logout");if(!t.ok){this.say("bad",t.message);return}this.viewer={login:null,maintainer:!1,sign_in_available:!0},this.say("good","Signed out."),this.stream.start()}render(){let t=this.snapshot,e=t?.repo;return a`<header>
        <h1>
          Testing deploy${e?a` · <a href=${t.repo_url}>${e}</a>`:""}
        </h1>
        <div class="who">
          ${this.refused?"":a`<tb-live-status
                .state=${this.live}
                .since=${t?.generated_at}
              ></tb-live-status>`}
          <tb-account .viewer=${this.viewer} @sign-out=${this.onSignOut}></tb-account>
        </div>
      </header>
      <tb-messages
        .messages=${this.messages}
        @dismiss=${s=>this.messages=this.messages.filter(r=>r.id!==s.detail)}
      ></tb-messages>
      ${t?this.renderSnapshot(t):this.renderRefused()}`}renderRefused(){return a`<main>
      <section class="card" id="refused">
        <h2>Sign in to see the testing set</h2>
        <p>${this.refused??"The testing set could not be loaded."}</p>
        ${this.viewer?.sign_in_available?a`<p><a href="/auth/login?next=%2Fstatus%2Fv2">Sign in with GitHub</a></p>`:""}
      </section>
    </main>`}renderSnapshot(t){let e=!!this.viewer?.maintainer&&t.testing.readable,s=t.deploy,r=t.testing.prs.filter(n=>n.staged_active??n.active).length;return a`<main>
      <tb-problems .problems=${t.problems}></tb-problems>
      <tb-deploy-banner
        .deploy=${s}
        .lastDeployAt=${t.testing.last_deploy_at}
      ></tb-deploy-banner>
      <section class="card" aria-labelledby="set-title">
        <h2 id="set-title">Testing set: ${t.testing.prs.length} PRs</h2>
        ${e?a`<div class="table-tools">
              <tb-add-form ?busy=${this.busy==="add"} @add-prs=${this.onAdd}></tb-add-form>
              <tb-selection-actions
                .count=${this.selected.length}
                .busy=${this.busy}
                @pr-action=${this.onAction}
              ></tb-selection-actions>
            </div>`:a`<p class="muted" id="read-only">
              ${this.viewer?.maintainer?"The state file cannot be read, so nothing can be changed until it is fixed.":"Read only: sign in as a maintainer to change the testing set."}
            </p>`}
        <tb-pr-table
          .rows=${t.testing.prs}
          .deployed=${t.testing.deployed}
          .selected=${this.selected}
          .repoUrl=${t.repo_url}
          ?selectable=${e}
          @selection-change=${n=>this.selected=[...n.detail.selected]}
        ></tb-pr-table>
      </section>
      <div class="columns">
        <tb-deploy-panel
          class="card"
          .plan=${t.plan}
          .activeCount=${r}
          ?busy=${this.busy==="deploy"}
          ?inProgress=${!!s?.in_progress}
          ?disabled=${!e}
          @deploy=${this.onDeploy}
        ></tb-deploy-panel>
        <tb-build-result class="card" .build=${t.build}></tb-build-result>
      </div>
      <div class="columns">
        <tb-activity class="card" .activity=${t.activity}></tb-activity>
        <tb-flags class="card" .flags=${t.flags}></tb-flags>
      </div>
      <tb-system class="card" .system=${t.system} .github=${t.github}></tb-system>
    </main>`}};p(et,"properties",{snapshot:{state:!0},viewer:{state:!0},refused:{state:!0},live:{state:!0},busy:{state:!0},messages:{state:!0},selected:{state:!0}}),p(et,"styles",[b,m`
      :host {
        display: block;
        max-width: 1280px;
        margin: 0 auto;
        padding: 0.8rem;
      }
      header {
        display: flex;
        flex-wrap: wrap;
        gap: 0.5rem 1rem;
        align-items: center;
        justify-content: space-between;
        margin-bottom: 0.8rem;
      }
      h1 {
        font-size: 1.4rem;
        margin: 0;
      }
      .who {
        display: flex;
        flex-wrap: wrap;
        gap: 0.5rem;
        align-items: center;
      }
      main > * {
        margin-bottom: 1rem;
      }
      .card {
        border: 1px solid var(--line);
        border-radius: 8px;
        padding: 0.7rem 0.9rem;
        background: white;
      }
      .columns {
        display: grid;
        grid-template-columns: repeat(auto-fit, minmax(22rem, 1fr));
        gap: 1rem;
      }
      .columns > * {
        min-width: 0;
      }
      .table-tools {
        display: flex;
        flex-direction: column;
        gap: 0.6rem;
        margin-bottom: 0.6rem;
      }
    `]);customElements.define("tb-dashboard",et);function Ve(){let i=document.getElementById("tb-initial");try{return i?JSON.parse(i.textContent):{}}catch{return{}}}
