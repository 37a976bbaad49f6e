/* Material for MkDocs 9.8.1, partials/javascripts/content.html, as a file instead of an inline
   script (Content-Security-Policy): if the address's #fragment names a content tab, open it. */
var target=document.getElementById(location.hash.slice(1));target&&target.name&&(target.checked=target.name.startsWith("__tabbed_"));
