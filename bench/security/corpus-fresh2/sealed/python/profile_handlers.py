import tornado.escape
import tornado.web


class ProfileHandler(tornado.web.RequestHandler):
    def get(self, username):
        bio = self.get_argument("bio", "")
        self.write("<h1>%s</h1><p>%s</p>" % (username, bio))


class GreetingHandler(tornado.web.RequestHandler):
    def get(self):
        name = self.get_argument("name", "guest")
        self.write("<p>Hello, " + tornado.escape.xhtml_escape(name) + "</p>")


class CardHandler(tornado.web.RequestHandler):
    def get(self):
        title = self.get_argument("title", "")
        self.render("card.html", title=title)


class ContinueHandler(tornado.web.RequestHandler):
    def get(self):
        dest = self.get_argument("continue", "/")
        self.redirect(dest)


class LocalContinueHandler(tornado.web.RequestHandler):
    def get(self):
        dest = self.get_argument("continue", "/")
        if not dest.startswith("/") or dest.startswith("//") or "\\" in dest:
            dest = "/"
        self.redirect(dest)


class BannerHandler(tornado.web.RequestHandler):
    def get(self):
        msg = self.get_argument("msg", "")
        self.set_header("Content-Type", "text/html")
        self.finish(f"<div class='banner'>{msg}</div>")


def make_app():
    return tornado.web.Application(
        [(r"/u/([^/]+)", ProfileHandler), (r"/hello", GreetingHandler), (r"/card", CardHandler),
         (r"/continue", ContinueHandler), (r"/next", LocalContinueHandler), (r"/banner", BannerHandler)],
        cookie_secret="9f8e7d6c5b4a39281706f5e4d3c2b1a0",
        template_path="templates",
    )
