from .helpers import login
def test_debug(live_server, page, personas, password):
    for who in ["teacher", "administrator"]:
        page.context.clear_cookies()
        login(page, live_server, personas[who], password)
        print(who, page.evaluate("""() => [...document.querySelectorAll('.table-responsive')].map(e => {
          const cs = getComputedStyle(e);
          return {sw: e.scrollWidth, cw: e.clientWidth, sh: e.scrollHeight, ch: e.clientHeight, ox: cs.overflowX, oy: cs.overflowY,
                  html: e.outerHTML.slice(0, 300),
                  kids: [...e.querySelectorAll('*')].filter(k => { const r=k.getBoundingClientRect(), p=e.getBoundingClientRect(); return r.bottom > p.bottom+0.5 || r.right > p.right+0.5}).map(k => k.tagName + '.' + k.className + ' ' + JSON.stringify(k.getBoundingClientRect()))}
        })"""))
        print(page.evaluate("[...document.querySelectorAll('.table-responsive')].map(e=>JSON.stringify(e.getBoundingClientRect()))"))
