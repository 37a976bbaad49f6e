/* Material for MkDocs 9.8.1, partials/javascripts/base.html, as a file instead of an inline
   script, so the site's Content-Security-Policy needs no 'unsafe-inline'
   (hooks/content_security_policy.py). Same globals and values as Material's script:
   __md_scope is the site root, found from this file's own address
   (<site root>/assets/javascripts/material/base.js), or extra.scope when mkdocs.yml sets it. */
(function (script) {
  var scope = script.getAttribute("data-md-scope");
  window.__md_scope = scope ? new URL(scope, location) : new URL("../../../", script.src);
})(document.currentScript);
__md_hash=e=>[...e].reduce(((e,_)=>(e<<5)-e+_.charCodeAt(0)),0),__md_get=(e,_=localStorage,t=__md_scope)=>JSON.parse(_.getItem(t.pathname+"."+e)),__md_set=(e,_,t=localStorage,a=__md_scope)=>{try{t.setItem(a.pathname+"."+e,JSON.stringify(_))}catch(e){}};
