var ue=Object.defineProperty;var me=(r,t,e)=>t in r?ue(r,t,{enumerable:!0,configurable:!0,writable:!0,value:e}):r[t]=e;var c=(r,t,e)=>me(r,typeof t!="symbol"?t+"":t,e);var it=globalThis,rt=it.ShadowRoot&&(it.ShadyCSS===void 0||it.ShadyCSS.nativeShadow)&&"adoptedStyleSheets"in Document.prototype&&"replace"in CSSStyleSheet.prototype,_t=Symbol(),Ot=new WeakMap,U=class{constructor(t,e,s){if(this._$cssResult$=!0,s!==_t)throw Error("CSSResult is not constructable. Use `unsafeCSS` or `css` instead.");this.cssText=t,this.t=e}get styleSheet(){let t=this.o,e=this.t;if(rt&&t===void 0){let s=e!==void 0&&e.length===1;s&&(t=Ot.get(e)),t===void 0&&((this.o=t=new CSSStyleSheet).replaceSync(this.cssText),s&&Ot.set(e,t))}return t}toString(){return this.cssText}},Ut=r=>new U(typeof r=="string"?r:r+"",void 0,_t),u=(r,...t)=>{let e=r.length===1?r[0]:t.reduce((s,i,n)=>s+(o=>{if(o._$cssResult$===!0)return o.cssText;if(typeof o=="number")return o;throw Error("Value passed to 'css' function must be a 'css' function result: "+o+". Use 'unsafeCSS' to pass non-literal values, but take care to ensure page security.")})(i)+r[n+1],r[0]);return new U(e,r,_t)},Ht=(r,t)=>{if(rt)r.adoptedStyleSheets=t.map(e=>e instanceof CSSStyleSheet?e:e.styleSheet);else for(let e of t){let s=document.createElement("style"),i=it.litNonce;i!==void 0&&s.setAttribute("nonce",i),s.textContent=e.cssText,r.appendChild(s)}},vt=rt?r=>r:r=>r instanceof CSSStyleSheet?(t=>{let e="";for(let s of t.cssRules)e+=s.cssText;return Ut(e)})(r):r;var{is:fe,defineProperty:be,getOwnPropertyDescriptor:ge,getOwnPropertyNames:$e,getOwnPropertySymbols:ye,getPrototypeOf:_e}=Object,nt=globalThis,Lt=nt.trustedTypes,ve=Lt?Lt.emptyScript:"",xe=nt.reactiveElementPolyfillSupport,H=(r,t)=>r,xt={toAttribute(r,t){switch(t){case Boolean:r=r?ve:null;break;case Object:case Array:r=r==null?r:JSON.stringify(r)}return r},fromAttribute(r,t){let e=r;switch(t){case Boolean:e=r!==null;break;case Number:e=r===null?null:Number(r);break;case Object:case Array:try{e=JSON.parse(r)}catch{e=null}}return e}},Tt=(r,t)=>!fe(r,t),Dt={attribute:!0,type:String,converter:xt,reflect:!1,useDefault:!1,hasChanged:Tt};Symbol.metadata??=Symbol("metadata"),nt.litPropertyMetadata??=new WeakMap;var x=class extends HTMLElement{static addInitializer(t){this._$Ei(),(this.l??=[]).push(t)}static get observedAttributes(){return this.finalize(),this._$Eh&&[...this._$Eh.keys()]}static createProperty(t,e=Dt){if(e.state&&(e.attribute=!1),this._$Ei(),this.prototype.hasOwnProperty(t)&&((e=Object.create(e)).wrapped=!0),this.elementProperties.set(t,e),!e.noAccessor){let s=Symbol(),i=this.getPropertyDescriptor(t,s,e);i!==void 0&&be(this.prototype,t,i)}}static getPropertyDescriptor(t,e,s){let{get:i,set:n}=ge(this.prototype,t)??{get(){return this[e]},set(o){this[e]=o}};return{get:i,set(o){let l=i?.call(this);n?.call(this,o),this.requestUpdate(t,l,s)},configurable:!0,enumerable:!0}}static getPropertyOptions(t){return this.elementProperties.get(t)??Dt}static _$Ei(){if(this.hasOwnProperty(H("elementProperties")))return;let t=_e(this);t.finalize(),t.l!==void 0&&(this.l=[...t.l]),this.elementProperties=new Map(t.elementProperties)}static finalize(){if(this.hasOwnProperty(H("finalized")))return;if(this.finalized=!0,this._$Ei(),this.hasOwnProperty(H("properties"))){let e=this.properties,s=[...$e(e),...ye(e)];for(let i of s)this.createProperty(i,e[i])}let t=this[Symbol.metadata];if(t!==null){let e=litPropertyMetadata.get(t);if(e!==void 0)for(let[s,i]of e)this.elementProperties.set(s,i)}this._$Eh=new Map;for(let[e,s]of this.elementProperties){let i=this._$Eu(e,s);i!==void 0&&this._$Eh.set(i,e)}this.elementStyles=this.finalizeStyles(this.styles)}static finalizeStyles(t){let e=[];if(Array.isArray(t)){let s=new Set(t.flat(1/0).reverse());for(let i of s)e.unshift(vt(i))}else t!==void 0&&e.push(vt(t));return e}static _$Eu(t,e){let s=e.attribute;return s===!1?void 0:typeof s=="string"?s:typeof t=="string"?t.toLowerCase():void 0}constructor(){super(),this._$Ep=void 0,this.isUpdatePending=!1,this.hasUpdated=!1,this._$Em=null,this._$Ev()}_$Ev(){this._$ES=new Promise(t=>this.enableUpdating=t),this._$AL=new Map,this._$E_(),this.requestUpdate(),this.constructor.l?.forEach(t=>t(this))}addController(t){(this._$EO??=new Set).add(t),this.renderRoot!==void 0&&this.isConnected&&t.hostConnected?.()}removeController(t){this._$EO?.delete(t)}_$E_(){let t=new Map,e=this.constructor.elementProperties;for(let s of e.keys())this.hasOwnProperty(s)&&(t.set(s,this[s]),delete this[s]);t.size>0&&(this._$Ep=t)}createRenderRoot(){let t=this.shadowRoot??this.attachShadow(this.constructor.shadowRootOptions);return Ht(t,this.constructor.elementStyles),t}connectedCallback(){this.renderRoot??=this.createRenderRoot(),this.enableUpdating(!0),this._$EO?.forEach(t=>t.hostConnected?.())}enableUpdating(t){}disconnectedCallback(){this._$EO?.forEach(t=>t.hostDisconnected?.())}attributeChangedCallback(t,e,s){this._$AK(t,s)}_$ET(t,e){let s=this.constructor.elementProperties.get(t),i=this.constructor._$Eu(t,s);if(i!==void 0&&s.reflect===!0){let n=(s.converter?.toAttribute!==void 0?s.converter:xt).toAttribute(e,s.type);this._$Em=t,n==null?this.removeAttribute(i):this.setAttribute(i,n),this._$Em=null}}_$AK(t,e){let s=this.constructor,i=s._$Eh.get(t);if(i!==void 0&&this._$Em!==i){let n=s.getPropertyOptions(i),o=typeof n.converter=="function"?{fromAttribute:n.converter}:n.converter?.fromAttribute!==void 0?n.converter:xt;this._$Em=i;let l=o.fromAttribute(e,n.type);this[i]=l??this._$Ej?.get(i)??l,this._$Em=null}}requestUpdate(t,e,s,i=!1,n){if(t!==void 0){let o=this.constructor;if(i===!1&&(n=this[t]),s??=o.getPropertyOptions(t),!((s.hasChanged??Tt)(n,e)||s.useDefault&&s.reflect&&n===this._$Ej?.get(t)&&!this.hasAttribute(o._$Eu(t,s))))return;this.C(t,e,s)}this.isUpdatePending===!1&&(this._$ES=this._$EP())}C(t,e,{useDefault:s,reflect:i,wrapped:n},o){s&&!(this._$Ej??=new Map).has(t)&&(this._$Ej.set(t,o??e??this[t]),n!==!0||o!==void 0)||(this._$AL.has(t)||(this.hasUpdated||s||(e=void 0),this._$AL.set(t,e)),i===!0&&this._$Em!==t&&(this._$Eq??=new Set).add(t))}async _$EP(){this.isUpdatePending=!0;try{await this._$ES}catch(e){Promise.reject(e)}let t=this.scheduleUpdate();return t!=null&&await t,!this.isUpdatePending}scheduleUpdate(){return this.performUpdate()}performUpdate(){if(!this.isUpdatePending)return;if(!this.hasUpdated){if(this.renderRoot??=this.createRenderRoot(),this._$Ep){for(let[i,n]of this._$Ep)this[i]=n;this._$Ep=void 0}let s=this.constructor.elementProperties;if(s.size>0)for(let[i,n]of s){let{wrapped:o}=n,l=this[i];o!==!0||this._$AL.has(i)||l===void 0||this.C(i,void 0,n,l)}}let t=!1,e=this._$AL;try{t=this.shouldUpdate(e),t?(this.willUpdate(e),this._$EO?.forEach(s=>s.hostUpdate?.()),this.update(e)):this._$EM()}catch(s){throw t=!1,this._$EM(),s}t&&this._$AE(e)}willUpdate(t){}_$AE(t){this._$EO?.forEach(e=>e.hostUpdated?.()),this.hasUpdated||(this.hasUpdated=!0,this.firstUpdated(t)),this.updated(t)}_$EM(){this._$AL=new Map,this.isUpdatePending=!1}get updateComplete(){return this.getUpdateComplete()}getUpdateComplete(){return this._$ES}shouldUpdate(t){return!0}update(t){this._$Eq&&=this._$Eq.forEach(e=>this._$ET(e,this[e])),this._$EM()}updated(t){}firstUpdated(t){}};x.elementStyles=[],x.shadowRootOptions={mode:"open"},x[H("elementProperties")]=new Map,x[H("finalized")]=new Map,xe?.({ReactiveElement:x}),(nt.reactiveElementVersions??=[]).push("2.1.2");var wt=globalThis,Bt=r=>r,at=wt.trustedTypes,It=at?at.createPolicy("lit-html",{createHTML:r=>r}):void 0,Et="$lit$",A=`lit$${Math.random().toFixed(9).slice(2)}$`,St="?"+A,Ae=`<${St}>`,C=document,D=()=>C.createComment(""),T=r=>r===null||typeof r!="object"&&typeof r!="function",kt=Array.isArray,Wt=r=>kt(r)||typeof r?.[Symbol.iterator]=="function",At=`[ 	
\f\r]`,L=/<(?:(!--|\/[^a-zA-Z])|(\/?[a-zA-Z][^>\s]*)|(\/?$))/g,jt=/-->/g,zt=/>/g,S=RegExp(`>|${At}(?:([^\\s"'>=/]+)(${At}*=${At}*(?:[^ 	
\f\r"'\`<>=]|("|')|))|$)`,"g"),qt=/'/g,Vt=/"/g,Jt=/^(?:script|style|textarea|title)$/i,Ct=r=>(t,...e)=>({_$litType$:r,strings:t,values:e}),a=Ct(1),Ke=Ct(2),Fe=Ct(3),w=Symbol.for("lit-noChange"),_=Symbol.for("lit-nothing"),Gt=new WeakMap,k=C.createTreeWalker(C,129);function Kt(r,t){if(!kt(r)||!r.hasOwnProperty("raw"))throw Error("invalid template strings array");return It!==void 0?It.createHTML(t):t}var Ft=(r,t)=>{let e=r.length-1,s=[],i,n=t===2?"<svg>":t===3?"<math>":"",o=L;for(let l=0;l<e;l++){let d=r[l],f,$,p=-1,g=0;for(;g<d.length&&(o.lastIndex=g,$=o.exec(d),$!==null);)g=o.lastIndex,o===L?$[1]==="!--"?o=jt:$[1]!==void 0?o=zt:$[2]!==void 0?(Jt.test($[2])&&(i=RegExp("</"+$[2],"g")),o=S):$[3]!==void 0&&(o=S):o===S?$[0]===">"?(o=i??L,p=-1):$[1]===void 0?p=-2:(p=o.lastIndex-$[2].length,f=$[1],o=$[3]===void 0?S:$[3]==='"'?Vt:qt):o===Vt||o===qt?o=S:o===jt||o===zt?o=L:(o=S,i=void 0);let b=o===S&&r[l+1].startsWith("/>")?" ":"";n+=o===L?d+Ae:p>=0?(s.push(f),d.slice(0,p)+Et+d.slice(p)+A+b):d+A+(p===-2?l:b)}return[Kt(r,n+(r[e]||"<?>")+(t===2?"</svg>":t===3?"</math>":"")),s]},B=class r{constructor({strings:t,_$litType$:e},s){let i;this.parts=[];let n=0,o=0,l=t.length-1,d=this.parts,[f,$]=Ft(t,e);if(this.el=r.createElement(f,s),k.currentNode=this.el.content,e===2||e===3){let p=this.el.content.firstChild;p.replaceWith(...p.childNodes)}for(;(i=k.nextNode())!==null&&d.length<l;){if(i.nodeType===1){if(i.hasAttributes())for(let p of i.getAttributeNames())if(p.endsWith(Et)){let g=$[o++],b=i.getAttribute(p).split(A),y=/([.?@])?(.*)/.exec(g);d.push({type:1,index:n,name:y[2],strings:b,ctor:y[1]==="."?lt:y[1]==="?"?dt:y[1]==="@"?ct:R}),i.removeAttribute(p)}else p.startsWith(A)&&(d.push({type:6,index:n}),i.removeAttribute(p));if(Jt.test(i.tagName)){let p=i.textContent.split(A),g=p.length-1;if(g>0){i.textContent=at?at.emptyScript:"";for(let b=0;b<g;b++)i.append(p[b],D()),k.nextNode(),d.push({type:2,index:++n});i.append(p[g],D())}}}else if(i.nodeType===8)if(i.data===St)d.push({type:2,index:n});else{let p=-1;for(;(p=i.data.indexOf(A,p+1))!==-1;)d.push({type:7,index:n}),p+=A.length-1}n++}}static createElement(t,e){let s=C.createElement("template");return s.innerHTML=t,s}};function P(r,t,e=r,s){if(t===w)return t;let i=s!==void 0?e._$Co?.[s]:e._$Cl,n=T(t)?void 0:t._$litDirective$;return i?.constructor!==n&&(i?._$AO?.(!1),n===void 0?i=void 0:(i=new n(r),i._$AT(r,e,s)),s!==void 0?(e._$Co??=[])[s]=i:e._$Cl=i),i!==void 0&&(t=P(r,i._$AS(r,t.values),i,s)),t}var ot=class{constructor(t,e){this._$AV=[],this._$AN=void 0,this._$AD=t,this._$AM=e}get parentNode(){return this._$AM.parentNode}get _$AU(){return this._$AM._$AU}u(t){let{el:{content:e},parts:s}=this._$AD,i=(t?.creationScope??C).importNode(e,!0);k.currentNode=i;let n=k.nextNode(),o=0,l=0,d=s[0];for(;d!==void 0;){if(o===d.index){let f;d.type===2?f=new M(n,n.nextSibling,this,t):d.type===1?f=new d.ctor(n,d.name,d.strings,this,t):d.type===6&&(f=new pt(n,this,t)),this._$AV.push(f),d=s[++l]}o!==d?.index&&(n=k.nextNode(),o++)}return k.currentNode=C,i}p(t){let e=0;for(let s of this._$AV)s!==void 0&&(s.strings!==void 0?(s._$AI(t,s,e),e+=s.strings.length-2):s._$AI(t[e])),e++}},M=class r{get _$AU(){return this._$AM?._$AU??this._$Cv}constructor(t,e,s,i){this.type=2,this._$AH=_,this._$AN=void 0,this._$AA=t,this._$AB=e,this._$AM=s,this.options=i,this._$Cv=i?.isConnected??!0}get parentNode(){let t=this._$AA.parentNode,e=this._$AM;return e!==void 0&&t?.nodeType===11&&(t=e.parentNode),t}get startNode(){return this._$AA}get endNode(){return this._$AB}_$AI(t,e=this){t=P(this,t,e),T(t)?t===_||t==null||t===""?(this._$AH!==_&&this._$AR(),this._$AH=_):t!==this._$AH&&t!==w&&this._(t):t._$litType$!==void 0?this.$(t):t.nodeType!==void 0?this.T(t):Wt(t)?this.k(t):this._(t)}O(t){return this._$AA.parentNode.insertBefore(t,this._$AB)}T(t){this._$AH!==t&&(this._$AR(),this._$AH=this.O(t))}_(t){this._$AH!==_&&T(this._$AH)?this._$AA.nextSibling.data=t:this.T(C.createTextNode(t)),this._$AH=t}$(t){let{values:e,_$litType$:s}=t,i=typeof s=="number"?this._$AC(t):(s.el===void 0&&(s.el=B.createElement(Kt(s.h,s.h[0]),this.options)),s);if(this._$AH?._$AD===i)this._$AH.p(e);else{let n=new ot(i,this),o=n.u(this.options);n.p(e),this.T(o),this._$AH=n}}_$AC(t){let e=Gt.get(t.strings);return e===void 0&&Gt.set(t.strings,e=new B(t)),e}k(t){kt(this._$AH)||(this._$AH=[],this._$AR());let e=this._$AH,s,i=0;for(let n of t)i===e.length?e.push(s=new r(this.O(D()),this.O(D()),this,this.options)):s=e[i],s._$AI(n),i++;i<e.length&&(this._$AR(s&&s._$AB.nextSibling,i),e.length=i)}_$AR(t=this._$AA.nextSibling,e){for(this._$AP?.(!1,!0,e);t!==this._$AB;){let s=Bt(t).nextSibling;Bt(t).remove(),t=s}}setConnected(t){this._$AM===void 0&&(this._$Cv=t,this._$AP?.(t))}},R=class{get tagName(){return this.element.tagName}get _$AU(){return this._$AM._$AU}constructor(t,e,s,i,n){this.type=1,this._$AH=_,this._$AN=void 0,this.element=t,this.name=e,this._$AM=i,this.options=n,s.length>2||s[0]!==""||s[1]!==""?(this._$AH=Array(s.length-1).fill(new String),this.strings=s):this._$AH=_}_$AI(t,e=this,s,i){let n=this.strings,o=!1;if(n===void 0)t=P(this,t,e,0),o=!T(t)||t!==this._$AH&&t!==w,o&&(this._$AH=t);else{let l=t,d,f;for(t=n[0],d=0;d<n.length-1;d++)f=P(this,l[s+d],e,d),f===w&&(f=this._$AH[d]),o||=!T(f)||f!==this._$AH[d],f===_?t=_:t!==_&&(t+=(f??"")+n[d+1]),this._$AH[d]=f}o&&!i&&this.j(t)}j(t){t===_?this.element.removeAttribute(this.name):this.element.setAttribute(this.name,t??"")}},lt=class extends R{constructor(){super(...arguments),this.type=3}j(t){this.element[this.name]=t===_?void 0:t}},dt=class extends R{constructor(){super(...arguments),this.type=4}j(t){this.element.toggleAttribute(this.name,!!t&&t!==_)}},ct=class extends R{constructor(t,e,s,i,n){super(t,e,s,i,n),this.type=5}_$AI(t,e=this){if((t=P(this,t,e,0)??_)===w)return;let s=this._$AH,i=t===_&&s!==_||t.capture!==s.capture||t.once!==s.once||t.passive!==s.passive,n=t!==_&&(s===_||i);i&&this.element.removeEventListener(this.name,this,s),n&&this.element.addEventListener(this.name,this,t),this._$AH=t}handleEvent(t){typeof this._$AH=="function"?this._$AH.call(this.options?.host??this.element,t):this._$AH.handleEvent(t)}},pt=class{constructor(t,e,s){this.element=t,this.type=6,this._$AN=void 0,this._$AM=e,this.options=s}get _$AU(){return this._$AM._$AU}_$AI(t){P(this,t)}},Xt={M:Et,P:A,A:St,C:1,L:Ft,R:ot,D:Wt,V:P,I:M,H:R,N:dt,U:ct,B:lt,F:pt},we=wt.litHtmlPolyfillSupport;we?.(B,M),(wt.litHtmlVersions??=[]).push("3.3.3");var Qt=(r,t,e)=>{let s=e?.renderBefore??t,i=s._$litPart$;if(i===void 0){let n=e?.renderBefore??null;s._$litPart$=i=new M(t.insertBefore(D(),n),n,void 0,e??{})}return i._$AI(r),i};var Pt=globalThis,h=class extends x{constructor(){super(...arguments),this.renderOptions={host:this},this._$Do=void 0}createRenderRoot(){let t=super.createRenderRoot();return this.renderOptions.renderBefore??=t.firstChild,t}update(t){let e=this.render();this.hasUpdated||(this.renderOptions.isConnected=this.isConnected),super.update(t),this._$Do=Qt(e,this.renderRoot,this.renderOptions)}connectedCallback(){super.connectedCallback(),this._$Do?.setConnected(!0)}disconnectedCallback(){super.disconnectedCallback(),this._$Do?.setConnected(!1)}render(){return w}};h._$litElement$=!0,h.finalized=!0,Pt.litElementHydrateSupport?.({LitElement:h});var Ee=Pt.litElementPolyfillSupport;Ee?.({LitElement:h});(Pt.litElementVersions??=[]).push("4.2.2");var ht=new Set,Rt=null,Se=15e3,ut=class{constructor(t){this.host=t,t.addController(this)}hostConnected(){ht.add(this.host),Rt??=setInterval(()=>ht.forEach(t=>t.requestUpdate()),Se)}hostDisconnected(){ht.delete(this.host),ht.size===0&&(clearInterval(Rt),Rt=null)}};function I(r){return r?r.slice(0,7):""}function Zt(r){switch(r?.kind){case"up_to_date":return{text:"up to date",tone:"good"};case"behind":{let t=r.commits;return{text:`${t} commit${t===1?"":"s"} behind`,tone:t<=5?"warn":"bad"}}case"diverged":return{text:`diverged: ${r.ahead} ahead, ${r.behind} behind`,tone:"bad"};default:return{text:"unknown",tone:"unknown"}}}var ke=[["year",365*24*3600],["month",720*3600],["week",168*3600],["day",24*3600],["hour",3600],["minute",60]],Yt=new Intl.RelativeTimeFormat("en",{numeric:"auto"});function te(r,t=Date.now()){if(!r)return"never";let e=Date.parse(r);if(Number.isNaN(e))return"at an unknown time";let s=Math.round((e-t)/1e3);if(Math.abs(s)<45)return"just now";for(let[i,n]of ke)if(Math.abs(s)>=n)return Yt.format(Math.round(s/n),i);return Yt.format(Math.round(s/60),"minute")}function ee(r){if(!r)return"";let t=new Date(r);return Number.isNaN(t.getTime())?r:t.toLocaleString("en")}function Ce(r){let t=Math.round(r/1e3);return t<60?`${t} s`:`${Math.floor(t/60)} min ${t%60} s`}function N(r,t,e=`${t}s`){return`${r} ${r===1?t:e}`}var Pe={add:"add",pin:"move the pin of",enable:"enable",disable:"disable",remove:"remove"},Re={merged:"merged on GitHub",dropped:"removed from the testing set"};function se(r){let e=`${Pe[r.action]??r.action} #${r.pr}`;return r.action==="pin"&&(e+=` from ${I(r.from)} to ${I(r.to)}`),r.action==="remove"&&r.reason&&(e+=` (${Re[r.reason]??r.reason})`),e}var Ne={merged:"merged",up_to_date:"already in the branch",conflict:"merge conflict",fetch_failed:"could not be fetched",unknown:"outcome unknown"};function mt(r){return Ne[r]??r}function ie(r){if(!r)return"waiting for Jenkins to accept the build";let t=r.phase;switch(t.state){case"queued":return`queued in Jenkins${t.why?`: ${t.why}`:""}`;case"running":{let e=[...t.stages].reverse().find(s=>s.status==="in_progress");return`build #${t.number} running${e?`: ${e.name}`:""}`}case"finished":{let e=t.failed_stage?` in ${t.failed_stage}`:"",s=t.result.replace("_"," ");return`build #${t.number} finished: ${s}${e}, ${Ce(t.duration_ms)}`}case"cancelled":return`cancelled in the Jenkins queue${t.why?`: ${t.why}`:""}`;case"lost":return`lost track of the build: ${t.reason}`;default:return t.state}}function re(r){let t=r?.phase;return t?t.state==="finished"?t.result==="success"?"good":"bad":t.state==="cancelled"||t.state==="lost"?"bad":"busy":"busy"}var ft=class extends h{constructor(){super(),new ut(this)}render(){return this.at?a`<time datetime=${this.at} title=${ee(this.at)}>${te(this.at)}</time>`:a`<span>never</span>`}};c(ft,"properties",{at:{}});customElements.define("tb-time",ft);var j=class extends h{updated(t){t.has("src")&&(this.broken=!1)}render(){if(!this.login)return a`<span class="none">nobody</span>`;let t=this.src&&!this.broken?a`<img src=${this.src} alt="" loading="lazy" @error=${()=>this.broken=!0} />`:a`<span class="initial" aria-hidden="true">${this.login[0].toUpperCase()}</span>`;return a`${t}<span>${this.login}</span>`}};c(j,"properties",{login:{},src:{},broken:{state:!0}}),c(j,"styles",u`
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
  `);customElements.define("tb-avatar",j);var m=u`
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
`;var z=class extends h{render(){let{text:t,tone:e}=Zt(this.drift),s=this.stale?" stale":"",i=this.stale?`May be out of date: ${this.stale}`:"";return a`<span class="tag ${e}${s}" title=${i}
      >${t}${this.stale?a`<span class="visually-hidden"> (stale)</span>`:""}</span
    >`}};c(z,"properties",{drift:{attribute:!1},stale:{}}),c(z,"styles",m);customElements.define("tb-drift",z);var q=class extends h{render(){if(this.state==="live")return a`<span class="tag good" id="live"><span class="dot"></span>Live</span>`;let t=this.state==="connecting"?"Reconnecting\u2026":"Not live";return a`<span class="tag bad" id="live"
      ><span class="dot"></span>${t} showing data from
      <tb-time .at=${this.since}></tb-time></span
    >`}};c(q,"properties",{state:{},since:{}}),c(q,"styles",[m,u`
      .dot {
        display: inline-block;
        width: 0.6rem;
        height: 0.6rem;
        border-radius: 50%;
        margin-right: 0.3rem;
        background: currentColor;
      }
    `]);customElements.define("tb-live-status",q);var V=class extends h{render(){let t=this.viewer??{},e=encodeURIComponent("/status/v2");if(!t.login)return t.sign_in_available?a`<a class="button" href="/auth/login?next=${e}">Sign in with GitHub</a>`:a`<span class="muted">Not signed in</span>`;let s=t.maintainer?"maintainer":"read only",i=t.reason?a` <span class="muted">(${t.reason})</span>`:"",n=t.via==="session"?a`<button @click=${()=>this.dispatchEvent(new CustomEvent("sign-out"))}>
            Sign out
          </button>`:"";return a`<span>Signed in as <strong>${t.login}</strong>, ${s}${i}</span>
      ${n}`}};c(V,"properties",{viewer:{attribute:!1}}),c(V,"styles",m);customElements.define("tb-account",V);var G=class extends h{render(){let t=this.messages??[];return a`<div role="status" aria-live="polite" id="messages">
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
    </div>`}};c(G,"properties",{messages:{attribute:!1}}),c(G,"styles",[m,u`
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
    `]);customElements.define("tb-messages",G);var Me={state_file:"The state file",status_file:"The last build result",flags_file:"The feature flags file",github:"GitHub"},W=class extends h{render(){let t=this.problems??[];return t.length===0?"":a`<section role="alert" aria-labelledby="problems-title" id="problems">
      <h2 id="problems-title">Needs attention</h2>
      <ul>
        ${t.map(e=>a`<li data-source=${e.source}>
            <strong>${Me[e.source]??e.source}:</strong> ${e.message}
          </li>`)}
      </ul>
    </section>`}};c(W,"properties",{problems:{attribute:!1}}),c(W,"styles",[m,u`
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
    `]);customElements.define("tb-problems",W);var Oe={success:"good",in_progress:"busy",queued:"busy",paused_pending_input:"warn",failed:"bad",unstable:"warn",aborted:"bad"},J=class extends h{render(){let t=a`<span>Testing was last deployed
      <tb-time .at=${this.lastDeployAt}></tb-time>.</span>`,e=this.deploy;if(!e)return a`<section id="deploy-banner" aria-label="Deploy">${t}</section>`;let s=e.triggered?re(e.build):"good",i=e.build?.phase,n=i?.stages??[],o=i?.url??e.build?.queue_item_url,l=e.in_progress?"Deploying":"Deployed",d=e.triggered?ie(e.build):"recorded only: no Jenkins is configured";return a`<section id="deploy-banner" class=${s} aria-label="Deploy">
      <span
        ><strong>${l} ${N(e.prs.length,"PR")}</strong>, requested by
        ${e.requested_by} <tb-time .at=${e.requested_at}></tb-time>:
        <span id="build-state">${d}</span>.</span
      >
      ${n.length?a`<ol aria-label="Stages">
            ${n.map(f=>a`<li class="tag ${Oe[f.status]??"unknown"}">
                ${f.name}: ${f.status.replaceAll("_"," ")}
              </li>`)}
          </ol>`:""}
      ${o?a`<a href=${o} target="_blank" rel="noopener">Open in Jenkins</a>`:""}
      ${t}
    </section>`}};c(J,"properties",{deploy:{attribute:!1},lastDeployAt:{}}),c(J,"styles",[m,u`
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
    `]);customElements.define("tb-deploy-banner",J);var K=class extends h{clear(){let t=this.renderRoot.querySelector("input");t&&(t.value="")}submit(t){t.preventDefault();let e=this.renderRoot.querySelector("input").value.trim();e&&!this.busy&&!this.disabled&&this.dispatchEvent(new CustomEvent("add-prs",{detail:{text:e}}))}render(){return a`<form @submit=${this.submit} aria-label="Add PRs">
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
    </form>`}};c(K,"properties",{busy:{type:Boolean},disabled:{type:Boolean}}),c(K,"styles",[m,u`
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
    `]);customElements.define("tb-add-form",K);var ne={ATTRIBUTE:1,CHILD:2,PROPERTY:3,BOOLEAN_ATTRIBUTE:4,EVENT:5,ELEMENT:6},ae=r=>(...t)=>({_$litDirective$:r,values:t}),bt=class{constructor(t){}get _$AU(){return this._$AM._$AU}_$AT(t,e,s){this._$Ct=t,this._$AM=e,this._$Ci=s}_$AS(t,e){return this.update(t,e)}update(t,e){return this.render(...e)}};var{I:Ue}=Xt,oe=r=>r;var le=()=>document.createComment(""),O=(r,t,e)=>{let s=r._$AA.parentNode,i=t===void 0?r._$AB:t._$AA;if(e===void 0){let n=s.insertBefore(le(),i),o=s.insertBefore(le(),i);e=new Ue(n,o,r,r.options)}else{let n=e._$AB.nextSibling,o=e._$AM,l=o!==r;if(l){let d;e._$AQ?.(r),e._$AM=r,e._$AP!==void 0&&(d=r._$AU)!==o._$AU&&e._$AP(d)}if(n!==i||l){let d=e._$AA;for(;d!==n;){let f=oe(d).nextSibling;oe(s).insertBefore(d,i),d=f}}}return e},E=(r,t,e=r)=>(r._$AI(t,e),r),He={},de=(r,t=He)=>r._$AH=t,ce=r=>r._$AH,gt=r=>{r._$AR(),r._$AA.remove()};var pe=(r,t,e)=>{let s=new Map;for(let i=t;i<=e;i++)s.set(r[i],i);return s},he=ae(class extends bt{constructor(r){if(super(r),r.type!==ne.CHILD)throw Error("repeat() can only be used in text expressions")}dt(r,t,e){let s;e===void 0?e=t:t!==void 0&&(s=t);let i=[],n=[],o=0;for(let l of r)i[o]=s?s(l,o):o,n[o]=e(l,o),o++;return{values:n,keys:i}}render(r,t,e){return this.dt(r,t,e).values}update(r,[t,e,s]){let i=ce(r),{values:n,keys:o}=this.dt(t,e,s);if(!Array.isArray(i))return this.ut=o,n;let l=this.ut??=[],d=[],f,$,p=0,g=i.length-1,b=0,y=n.length-1;for(;p<=g&&b<=y;)if(i[p]===null)p++;else if(i[g]===null)g--;else if(l[p]===o[b])d[b]=E(i[p],n[b]),p++,b++;else if(l[g]===o[y])d[y]=E(i[g],n[y]),g--,y--;else if(l[p]===o[y])d[y]=E(i[p],n[y]),O(r,d[y+1],i[p]),p++,y--;else if(l[g]===o[b])d[b]=E(i[g],n[b]),O(r,i[p],i[g]),g--,b++;else if(f===void 0&&(f=pe(o,b,y),$=pe(l,p,g)),f.has(l[p]))if(f.has(l[g])){let v=$.get(o[b]),yt=v!==void 0?i[v]:null;if(yt===null){let Mt=O(r,i[p]);E(Mt,n[b]),d[b]=Mt}else d[b]=E(yt,n[b]),O(r,i[p],yt),i[v]=null;b++}else gt(i[g]),g--;else gt(i[p]),p++;for(;b<=y;){let v=O(r,d[y+1]);E(v,n[b]),d[b++]=v}for(;p<=g;){let v=i[p++];v!==null&&gt(v)}return this.ut=o,de(r,d),w}});var F=class extends h{updated(){!this.marked&&this.rows?.length&&(this.marked=!0,performance.mark("tb-table-rendered"))}toggle(t,e){let s=new Set(this.selected??[]);e?s.add(t):s.delete(t),this.report(s)}toggleAll(t){this.report(new Set(t?this.rows.map(e=>e.pr):[]))}report(t){this.dispatchEvent(new CustomEvent("selection-change",{detail:{selected:t}}))}render(){let t=this.rows??[],e=new Set(this.selected??[]),s=new Set(t.map(l=>l.pr)),i=(this.deployed??[]).filter(l=>!s.has(l.pr)),n=t.length>0&&t.every(l=>e.has(l.pr)),o=t.some(l=>e.has(l.pr));return a`<table id="prs">
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
        ${he(t,l=>l.pr,l=>this.renderRow(l,e.has(l.pr)))}
        ${i.map(l=>a`<tr class="gone" data-pr=${l.pr}>
            <td></td>
            <td colspan="7">
              <a href="${this.repoUrl}/pull/${l.pr}">#${l.pr}</a>
              <span class="title">${l.title}</span>
              <span class="tag warn">removed, still deployed until the next deploy</span>
            </td>
          </tr>`)}
      </tbody>
    </table>`}renderRow(t,e){let s=i=>a`<a href="${this.repoUrl}/commit/${i}"
      ><code>${I(i)}</code></a
    >`;return a`<tr class=${e?"selected":""} data-pr=${t.pr}>
      <td>
        ${this.selectable?a`<input
              type="checkbox"
              aria-label="Select #${t.pr}"
              .checked=${e}
              @change=${i=>this.toggle(t.pr,i.target.checked)}
            />`:""}
      </td>
      <td data-label="PR" class="pr">
        <a href=${t.url}>#${t.pr}</a>
        <span class="title">${t.title}</span>
        <span class="tags">${this.renderTags(t)}</span>
      </td>
      <td data-label="People">
        <span class="people">
          <span>by <tb-avatar .login=${t.author} .src=${t.author_avatar}></tb-avatar></span>
          ${t.assignee?a`<span
                >assigned to
                <tb-avatar .login=${t.assignee} .src=${t.assignee_avatar}></tb-avatar
              ></span>`:a`<span class="muted">unassigned</span>`}
        </span>
      </td>
      <td data-label="Pinned commit" class="pin">
        ${s(t.pin)}
        ${t.staged_pin?a`<span class="tag busy">→ ${I(t.staged_pin)} at the next deploy</span>`:""}
      </td>
      <td data-label="Branch head" class="head">
        ${t.head?s(t.head):a`<span class="muted">unknown</span>`}
      </td>
      <td data-label="Drift" class="drift">
        <tb-drift .drift=${t.drift} .stale=${t.stale}></tb-drift>
      </td>
      <td data-label="Enabled" class="enabled">${this.renderEnabled(t)}</td>
      <td data-label="Added">
        <tb-time .at=${t.added_at}></tb-time>
        ${t.added_by?a`by ${t.added_by}`:""}
      </td>
    </tr>`}renderEnabled(t){let e=t.active?"enabled":"disabled";if(t.staged_active===null||t.staged_active===void 0)return a`<span class="tag ${t.active?"good":"unknown"}">${e}</span>`;let s=t.staged_active?"enabled":"disabled";return a`<span class="tag busy">${e} → ${s} at the next deploy</span>`}renderTags(t){let e=[];t.github_state==="merged"&&e.push(["warn","merged"]),t.github_state==="closed"&&e.push(["bad","closed"]),t.github_state||e.push(["unknown","state unknown"]),(t.last_build==="conflict"||t.last_build==="fetch_failed")&&e.push(["bad",`${mt(t.last_build)} in the last build`]);let s=t.staged_active??t.active;return!t.deployed&&s&&e.push(["busy","new since the last deploy"]),e.map(([i,n])=>a`<span class="tag ${i}">${n}</span>`)}};c(F,"properties",{rows:{attribute:!1},deployed:{attribute:!1},selected:{attribute:!1},selectable:{type:Boolean},repoUrl:{}}),c(F,"styles",[m,u`
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
    `]);customElements.define("tb-pr-table",F);var Le=[["update","Update to branch head","Updating\u2026"],["enable","Enable","Enabling\u2026"],["disable","Disable","Disabling\u2026"],["remove","Remove","Removing\u2026"]],X=class extends h{act(t,e){e||this.dispatchEvent(new CustomEvent("pr-action",{detail:{operation:t}}))}render(){let t=this.count===0,e=t?"No PR selected":`${N(this.count,"PR")} selected`;return a`<div role="toolbar" aria-label="Actions on the selected PRs">
      <span class="count" id="selection-count">${e}</span>
      ${Le.map(([s,i,n])=>{let o=this.busy===s,l=this.disabled||t||!!this.busy;return a`<button
          data-action=${s}
          aria-disabled=${l?"true":"false"}
          aria-busy=${o?"true":"false"}
          @click=${()=>this.act(s,l)}
        >
          ${o?n:i}
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
    </div>`}};c(X,"properties",{count:{type:Number},busy:{},disabled:{type:Boolean}}),c(X,"styles",[m,u`
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
    `]);customElements.define("tb-selection-actions",X);var Q=class extends h{render(){let t=this.plan??[],e=this.inProgress?"A deploy is running; wait for it to finish.":"",s=this.disabled||this.busy||this.inProgress;return a`<section aria-labelledby="deploy-title">
      <h2 id="deploy-title">Next deploy</h2>
      ${t.length?a`<p>The next deploy builds ${N(this.activeCount,"enabled PR")} and changes:</p>
            <ol id="plan">
              ${t.map(i=>a`<li data-action=${i.action} data-pr=${i.pr}>
                  ${se(i)}: <span class="title">${i.title}</span>
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
    </section>`}};c(Q,"properties",{plan:{attribute:!1},activeCount:{type:Number},busy:{type:Boolean},inProgress:{type:Boolean},disabled:{type:Boolean}}),c(Q,"styles",[m,u`
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
    `]);customElements.define("tb-deploy-panel",Q);var De={merged:"good",up_to_date:"good",conflict:"bad",fetch_failed:"bad"},Y=class extends h{render(){let t=this.build??{},e=t.result,s=t.error?a`<p class="tag bad">The build result could not be read: ${t.error}</p>`:e?a`<p id="build-footer">${e.footer??"The build wrote no summary."}</p>
            ${t.not_deployed.length?a`<p class="tag bad">
                  Not deployed: ${t.not_deployed.map(i=>`#${i}`).join(", ")}
                </p>`:""}
            <ul>
              ${e.prs.map(i=>a`<li data-pr=${i.pr}>
                  <details>
                    <summary>
                      #${i.pr} ${i.title}
                      <span class="tag ${De[i.merge]??"unknown"}"
                        >${mt(i.merge)}</span
                      >
                    </summary>
                    <pre>${i.body}</pre>
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
    </section>`}};c(Y,"properties",{build:{attribute:!1}}),c(Y,"styles",[m,u`
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
    `]);customElements.define("tb-build-result",Y);var Z=class extends h{render(){let t=this.system??{},e=this.github??{},s=Object.entries(t.integrations??{}).map(([n,o])=>`${n.replaceAll("_"," ")} ${o?"on":"off"}`).join(", "),i=e.last_reconcile;return a`<section aria-labelledby="system-title">
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
          ${i?a`<tb-time .at=${i.finished_at}></tb-time>: ${i.requests}
                requests in ${i.duration_ms} ms${i.failures.length?a`, <span class="tag bad">${i.failures.join("; ")}</span>`:""}`:"not yet"}
        </dd>
        <dt>Webhooks</dt>
        <dd>
          ${t.webhooks_applied} applied, last
          <tb-time .at=${t.last_webhook_at}></tb-time>
        </dd>
      </dl>
    </section>`}};c(Z,"properties",{system:{attribute:!1},github:{attribute:!1}}),c(Z,"styles",[m,u`
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
    `]);customElements.define("tb-system",Z);var tt=class extends h{render(){let t=this.flags??{},e=t.flags?.features??{},s;return t.error?s=a`<p class="tag bad">The flags file could not be read: ${t.error}</p>`:t.configured?s=a`<table id="flags">
        <thead>
          <tr>
            <th scope="col">Flag</th>
            <th scope="col">Value</th>
          </tr>
        </thead>
        <tbody>
          ${Object.entries(e).map(([i,n])=>a`<tr>
              <th scope="row"><code>${i}</code></th>
              <td>${typeof n=="string"?n:JSON.stringify(n)}</td>
            </tr>`)}
        </tbody>
      </table>`:s=a`<p class="muted">No feature flags file is configured.</p>`,a`<section aria-labelledby="flags-title">
      <h2 id="flags-title">Feature flags</h2>
      ${s}
    </section>`}};c(tt,"properties",{flags:{attribute:!1}}),c(tt,"styles",[m,u`
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
    `]);customElements.define("tb-flags",tt);var Te={web:"on the dashboard",api:"through the API",comment:"in a PR comment",webhook:"from GitHub",system:"by testbed"},et=class extends h{render(){let t=this.activity??[];return a`<section aria-labelledby="activity-title">
      <h2 id="activity-title">Recent activity</h2>
      ${t.length===0?a`<p class="muted">Nothing has changed since testbed started keeping a log.</p>`:a`<ol id="activity">
            ${t.map(e=>this.renderEntry(e))}
          </ol>`}
    </section>`}renderEntry(t){let e=t.prs.length?t.prs.map(i=>`#${i}`).join(", "):"",s=typeof t.outcome=="string"?a`: ${t.outcome}`:a`<ul>
            ${t.outcome.map(i=>a`<li>${i.message}</li>`)}
          </ul>`;return a`<li>
      <tb-time .at=${t.at}></tb-time> <strong>${t.actor}</strong>
      ${Te[t.channel]??t.channel}: ${t.operation} ${e}${s}
    </li>`}};c(et,"properties",{activity:{attribute:!1}}),c(et,"styles",[m,u`
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
    `]);customElements.define("tb-activity",et);async function Nt(r,t){let e;try{e=await fetch(r,{method:"POST",credentials:"same-origin",headers:t===void 0?{}:{"content-type":"application/json"},body:t===void 0?void 0:JSON.stringify(t)})}catch{return{ok:!1,status:0,body:null,message:"The testbed server did not answer."}}let s=null;try{s=e.status===204?null:await e.json()}catch{}let i=s?.message??s?.error?.message??Be(e.status);return{ok:e.ok,status:e.status,body:s,message:i}}function Be(r){return r>=200&&r<300?"Done.":r===401?"Sign in to do that.":r===403?"Only maintainers can do that.":`The server answered ${r}.`}var $t=class{constructor({url:t,onSnapshot:e,onState:s}){this.url=t,this.onSnapshot=e,this.onState=s,this.pause=1e3,this.source=null,this.retry=null}start(){this.stop(),this.onState("connecting");let t=new EventSource(this.url,{withCredentials:!0});this.source=t,t.onopen=()=>{this.pause=1e3,this.onState("live")},t.addEventListener("snapshot",e=>{try{this.onSnapshot(JSON.parse(e.data))}catch{}}),t.onerror=()=>{t.readyState===EventSource.CLOSED?(this.onState("offline"),this.retry=setTimeout(()=>this.start(),this.pause),this.pause=Math.min(this.pause*2,3e4)):this.onState("connecting")}}stop(){clearTimeout(this.retry),this.source?.close(),this.source=null}};var Ie=5,je={update:"/api/prs/update",enable:"/api/prs/enable",disable:"/api/prs/disable",remove:"/api/prs/remove",refresh:"/api/refresh"},st=class extends h{constructor(){super();let t=ze();this.snapshot=t.snapshot??null,this.viewer=t.viewer??{},this.refused=t.refused??null,this.live="connecting",this.busy=null,this.messages=[],this.selected=[],this.nextMessageId=1,this.stream=new $t({url:"/api/events",onSnapshot:e=>this.applySnapshot(e),onState:e=>this.live=e})}connectedCallback(){super.connectedCallback(),this.refused||this.stream.start()}disconnectedCallback(){super.disconnectedCallback(),this.stream.stop()}applySnapshot(t){let e=this.snapshot,s=e&&t.system?.started_at!==e.system?.started_at;if(e&&!s&&t.version<=e.version)return;this.snapshot=t,this.refused=null;let i=new Set(t.testing.prs.map(o=>o.pr)),n=this.selected.filter(o=>i.has(o));n.length!==this.selected.length&&(this.selected=n)}say(t,e,s=[]){let i={id:this.nextMessageId++,tone:t,text:e,items:s};this.messages=[i,...this.messages].slice(0,Ie)}report(t){if(t.body?.snapshot&&this.applySnapshot(t.body.snapshot),!t.ok){this.say("bad",t.message);return}let e=t.body?.results??[],s=e.filter(o=>o.outcome==="done"||o.outcome==="unchanged"),i=s.length===e.length?"good":s.length?"warn":"bad",n=e.map(o=>({outcome:o.outcome,text:o.message}));this.say(e.length?i:"good",t.body?.message??"Done.",n)}async perform(t,e,s){if(this.busy)return null;this.busy=t;try{let i=await Nt(e,s);return this.report(i),i}finally{this.busy=null}}async onAdd(t){let e=await this.perform("add","/api/prs/add",{prs:t.detail.text}),s=e?.body?.results??[];e?.ok&&s.every(i=>i.outcome==="done"||i.outcome==="unchanged")&&this.renderRoot.querySelector("tb-add-form")?.clear()}async onAction(t){let{operation:e}=t.detail,s=e==="refresh"?void 0:{prs:this.selected};(await this.perform(e,je[e],s))?.ok&&e==="remove"&&(this.selected=[])}async onDeploy(){await this.perform("deploy","/api/deploy")}async onSignOut(){let t=await Nt("/auth/logout");if(!t.ok){this.say("bad",t.message);return}this.viewer={login:null,maintainer:!1,sign_in_available:!0},this.say("good","Signed out."),this.stream.start()}render(){let t=this.snapshot,e=t?.repo;return a`<header>
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
        @dismiss=${s=>this.messages=this.messages.filter(i=>i.id!==s.detail)}
      ></tb-messages>
      ${t?this.renderSnapshot(t):this.renderRefused()}`}renderRefused(){return a`<main>
      <section class="card" id="refused">
        <h2>Sign in to see the testing set</h2>
        <p>${this.refused??"The testing set could not be loaded."}</p>
        ${this.viewer?.sign_in_available?a`<p><a href="/auth/login?next=%2Fstatus%2Fv2">Sign in with GitHub</a></p>`:""}
      </section>
    </main>`}renderSnapshot(t){let e=!!this.viewer?.maintainer&&t.testing.readable,s=t.deploy,i=t.testing.prs.filter(n=>n.staged_active??n.active).length;return a`<main>
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
          .activeCount=${i}
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
    </main>`}};c(st,"properties",{snapshot:{state:!0},viewer:{state:!0},refused:{state:!0},live:{state:!0},busy:{state:!0},messages:{state:!0},selected:{state:!0}}),c(st,"styles",[m,u`
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
    `]);customElements.define("tb-dashboard",st);function ze(){let r=document.getElementById("tb-initial");try{return r?JSON.parse(r.textContent):{}}catch{return{}}}
