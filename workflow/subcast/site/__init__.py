"""The listening site (outputs/site/): one page per variant and episode, published at
`podcast.base_url` together with the feeds and audio it plays. The page layout lives in
`subcast.site.pages`; this module only says where a page is, so the feed can link to it."""


def page_url(base_url: str, variant: str, name: str) -> str:
    return f"{base_url}{variant}/{name}.html"


def index_url(base_url: str, variant: str) -> str:
    return f"{base_url}{variant}/index.html"
