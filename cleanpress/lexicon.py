"""Boilerplate vocabulary: data, grouped by concept, then by language.

Phrases are lower-case; matching is case-insensitive and whitespace-tolerant.
Each pass documents how it uses a concept (a whole line made of these words,
a phrase anywhere in a short line, ...). Add a language by adding its list;
no pass needs to change. Languages: en, de, fr, es, it, pt, nl, plus a few
common ones (pl, sv, da, ru) where the words are well known.
"""
from __future__ import annotations

from collections.abc import Iterable

import regex

from .model import words

# Words that make up a whole line of interface: buttons, share bars, labels.
INTERFACE_WORDS: dict[str, list[str]] = {
    "en": [
        "min read", "minute read", "minutes read", "read time", "reading time", "last updated", "updated", "published", "advertising disclosure", "disclosure", "table of contents", "contents",
        "report", "reply", "share", "share this", "share this article", "share this story",
        "share this post", "share this page", "share on", "shares", "tweet", "tweets", "print", "print this",
        "print this page", "print article", "email", "e-mail", "email this", "mail", "like", "likes",
        "save", "save article", "saved", "bookmark", "advertisement", "advertising", "sponsored",
        "sponsored content", "ad", "ads", "skip to content", "skip to main content",
        "load content", "load video", "load map", "external content",
        "skip to navigation", "skip to footer", "jump to navigation", "read more", "read more »",
        "continue reading", "load more", "show more", "see more", "view more", "more", "less",
        "show less", "back to top", "top", "go to top", "scroll to top", "next", "previous",
        "next post", "previous post", "next article", "previous article", "older posts", "older post", "newer post",
        "newer posts", "close", "menu", "open menu", "close menu", "toggle navigation", "search",
        "search for", "submit", "go", "ok", "cancel", "home", "log in", "login", "log out",
        "logout", "sign in", "sign up", "register", "my account", "account", "permalink",
        "copy link", "link copied", "copy", "comment", "comments", "view comments", "embed",
        "listen", "listen to this article", "play", "pause", "download", "pdf", "rss", "feed",
        "rss feed", "tags", "tagged", "category", "categories", "filed under", "posted in",
        "follow", "following", "unfollow", "gift this article", "gift article", "zoom",
        "enlarge", "expand", "collapse", "view gallery", "photos", "video", "watch",
        "translate", "loading", "loading...", "please wait", "x", "facebook", "twitter",
        "linkedin", "pinterest", "whatsapp", "reddit", "telegram", "tumblr", "flipboard",
        "pocket", "xing", "vk", "messenger", "instagram", "youtube", "tiktok", "threads",
        "bluesky", "mastodon", "google+", "digg", "stumbleupon", "delicious", "sms",
        "contact", "contact us", "about", "about us", "privacy", "privacy policy",
        "terms", "terms of use", "terms of service", "cookie policy", "cookie settings",
        "cookies", "sitemap", "imprint", "faq", "help", "careers", "jobs", "press", "shop",
        "subscribe", "newsletter", "donate", "accept", "accept all", "reject all", "decline",
        "agree", "i agree", "got it", "manage preferences", "settings", "preferences",
        "all", "view all", "see all", "show all", "more stories", "more news", "trending",
        "popular", "most popular", "most read", "latest", "latest news", "top stories",
        "breaking news", "news", "opinion", "sport", "sports", "business", "entertainment",
        "lifestyle", "technology", "tech", "world", "politics", "health", "science", "travel",
        "weather", "about the author", "author", "by", "posted by", "written by",
        "share via", "send", "recommend", "flag", "upvote", "downvote", "vote",
        # WordPress themes' post navigation, recipe plugins' buttons, rating widgets.
        "post navigation", "posts navigation", "jump to recipe", "print recipe", "pin recipe", "rate this recipe",
        "rate this article", "rate this post", "back to home", "back to homepage",
    ],
    "de": [
        "min lesezeit", "lesezeit", "minuten lesezeit", "aktualisiert", "veröffentlicht", "zuletzt aktualisiert", "inhaltsverzeichnis", "inhalt", "markiert mit", "schlagwörter", "stichworte",
        "teilen", "jetzt teilen", "artikel teilen", "teilen mit", "teilen sie dies mit", "diese seite teilen", "drucken", "artikel drucken", "versenden",
        "per e-mail", "per mail", "e-mail senden", "merken", "gemerkt", "speichern",
        "gefällt mir", "anzeige", "werbung", "gesponsert", "zum inhalt springen",
        "inhalt laden", "video laden", "karte laden", "externer inhalt", "empfohlener redaktioneller inhalt",
        "zum inhalt", "direkt zum inhalt", "zur navigation", "zur hauptnavigation",
        "zur suche", "zum seitenanfang", "nach oben", "mehr", "weiterlesen", "mehr lesen",
        "mehr anzeigen", "mehr laden", "weniger", "alle anzeigen", "zurück", "weiter", "vor",
        "schließen", "suche", "suchen", "startseite", "home", "anmelden", "abmelden",
        "einloggen", "registrieren", "mein konto", "konto", "kommentieren", "kommentar",
        "kommentare", "kommentare anzeigen", "melden", "antworten", "link kopieren",
        "kopieren", "vorlesen", "anhören", "herunterladen", "schlagworte", "themen",
        "kategorie", "kategorien", "folgen", "impressum", "datenschutz",
        "datenschutzerklärung", "kontakt", "über uns", "agb", "nutzungsbedingungen",
        "cookie-einstellungen", "barrierefreiheit", "hilfe", "karriere", "abonnieren",
        "abo", "newsletter", "akzeptieren", "alle akzeptieren", "ablehnen", "einstellungen",
        "verstanden", "nachrichten", "meistgelesen", "neueste", "aktuell", "sport", "video", "bilder",
        "fotos", "galerie", "bildergalerie", "vergrößern", "von", "autor",
        "beitragsnavigation", "beitrags-navigation", "vorheriger beitrag", "nächster beitrag",
        "vorheriger artikel", "nächster artikel", "zurück zur startseite", "zurück zur übersicht",
        "zum rezept", "rezept drucken", "artikel bewerten", "beitrag bewerten",
    ],
    "fr": [
        "min de lecture", "minutes de lecture", "mis à jour", "publié le", "sommaire",
        "partager", "partager sur", "imprimer", "envoyer", "envoyer par e-mail", "courriel",
        "j'aime", "enregistrer", "sauvegarder", "publicité", "sponsorisé",
        "aller au contenu", "aller au contenu principal", "passer au contenu",
        "lire la suite", "lire plus", "en savoir plus", "voir plus", "afficher plus",
        "charger plus", "plus", "moins", "voir tout", "retour en haut", "haut de page",
        "suivant", "précédent", "fermer", "rechercher", "recherche", "accueil",
        "se connecter", "connexion", "déconnexion", "s'inscrire", "inscription",
        "mon compte", "commenter", "commentaire", "commentaires", "signaler", "répondre",
        "copier le lien", "écouter", "télécharger", "mots-clés", "catégorie", "suivre",
        "mentions légales", "politique de confidentialité", "confidentialité", "contact",
        "contactez-nous", "à propos", "qui sommes-nous", "cgu", "aide", "s'abonner",
        "abonnement", "newsletter", "accepter", "tout accepter", "refuser", "tout refuser",
        "paramètres", "actualités", "le plus lu", "les plus lus", "à la une", "vidéo", "photos",
        "navigation des articles", "article précédent", "article suivant", "retour à l'accueil",
        "imprimer la recette", "notez cet article",
        "par",
    ],
    "es": [
        "min de lectura", "minutos de lectura", "actualizado", "publicado", "índice", "contenido",
        "compartir", "compartir en", "comparte esto", "compartir esto", "imprimir", "enviar", "enviar por correo",
        "correo electrónico", "me gusta", "guardar", "publicidad", "patrocinado",
        "saltar al contenido", "ir al contenido", "leer más", "seguir leyendo", "ver más",
        "cargar más", "mostrar más", "más", "menos", "ver todo", "volver arriba", "siguiente",
        "anterior", "cerrar", "buscar", "búsqueda", "inicio", "portada", "iniciar sesión",
        "acceder", "cerrar sesión", "registrarse", "regístrate", "mi cuenta", "comentar",
        "comentario", "comentarios", "denunciar", "reportar", "responder", "copiar enlace",
        "escuchar", "descargar", "etiquetas", "categoría", "categorías", "seguir",
        "aviso legal", "política de privacidad", "privacidad", "contacto", "contáctanos",
        "quiénes somos", "sobre nosotros", "ayuda", "suscribirse", "suscríbete",
        "newsletter", "aceptar", "aceptar todo", "rechazar", "configuración", "noticias",
        "lo más leído", "más leídas", "vídeo", "video", "fotos", "por",
        "navegación de entradas", "entrada anterior", "entrada siguiente", "volver al inicio",
        "imprimir receta", "valora esta noticia", "valora este artículo", "califica este artículo",
    ],
    "it": [
        "min di lettura", "minuti di lettura", "ultima modifica", "aggiornato", "pubblicato", "indice",
        "condividi", "condividi su", "stampa", "invia", "invia per email", "mi piace",
        "salva", "pubblicità", "sponsorizzato", "vai al contenuto", "salta al contenuto",
        "leggi tutto", "leggi di più", "continua a leggere", "mostra di più", "carica altri",
        "altro", "di più", "vedi tutti", "torna su", "successivo", "precedente", "chiudi",
        "cerca", "ricerca", "home page", "accedi", "esci", "registrati", "il mio account",
        "commenta", "commento", "commenti", "segnala", "rispondi", "copia link", "ascolta",
        "scarica", "tag", "categoria", "categorie", "segui", "note legali",
        "informativa privacy", "privacy", "contatti", "chi siamo", "aiuto", "iscriviti",
        "abbonati", "newsletter", "accetta", "accetta tutto", "rifiuta", "impostazioni",
        "notizie", "i più letti", "più letti", "video", "foto", "di",
        "navigazione articoli", "articolo precedente", "articolo successivo", "torna alla home",
        "stampa ricetta", "vota questo articolo",
    ],
    "pt": [
        "min de leitura", "minutos de leitura", "atualizado", "publicado", "índice",
        "compartilhar", "partilhar", "compartilhe", "compartilhe isso", "curtir isso", "partilhe isto", "imprimir", "enviar", "enviar por e-mail",
        "curtir", "gosto", "salvar", "guardar", "publicidade", "patrocinado",
        "pular para o conteúdo", "ir para o conteúdo", "saltar para o conteúdo", "leia mais",
        "ler mais", "continue lendo", "continuar a ler", "ver mais", "carregar mais", "mais",
        "menos", "ver todos", "voltar ao topo", "próximo", "seguinte", "anterior", "fechar",
        "buscar", "pesquisar", "pesquisa", "início", "página inicial", "entrar", "sair",
        "cadastre-se", "registar", "minha conta", "comentar", "comentário", "comentários",
        "denunciar", "responder", "copiar link", "ouvir", "baixar", "descarregar", "tags",
        "categoria", "categorias", "seguir", "política de privacidade", "privacidade",
        "contato", "contacto", "fale conosco", "quem somos", "sobre nós", "ajuda",
        "assinar", "assine", "inscrever-se", "newsletter", "aceitar", "aceitar todos",
        "rejeitar", "configurações", "notícias", "mais lidas", "vídeo", "fotos", "por",
        "navegação de posts", "navegação de artigos", "post anterior", "próximo post", "voltar ao início",
        "imprimir receita", "avalie este artigo",
    ],
    "nl": [
        "min leestijd", "leestijd", "bijgewerkt", "gepubliceerd", "inhoudsopgave",
        "delen", "deel", "deel dit artikel", "dit delen", "deel dit", "afdrukken", "printen", "mailen", "versturen",
        "vind ik leuk", "opslaan", "bewaren", "advertentie", "gesponsord",
        "naar de inhoud", "ga naar de inhoud", "direct naar de inhoud", "lees meer",
        "lees verder", "verder lezen", "meer", "minder", "toon meer", "meer laden",
        "bekijk alles", "naar boven", "volgende", "vorige", "sluiten", "zoeken", "zoek",
        "inloggen", "uitloggen", "registreren", "mijn account", "reageer", "reageren",
        "reactie", "reacties", "melden", "beantwoorden", "link kopiëren", "luister",
        "downloaden", "tags", "categorie", "volgen", "privacybeleid", "privacy",
        "privacyverklaring", "contact", "over ons", "colofon", "disclaimer", "help",
        "abonneren", "abonneer", "nieuwsbrief", "accepteren", "alles accepteren", "weigeren",
        "instellingen", "nieuws", "meest gelezen", "video", "foto's", "door",
        "berichtnavigatie", "vorig bericht", "volgend bericht", "terug naar home", "recept afdrukken",
    ],
    "pl": ["udostępnij", "drukuj", "czytaj więcej", "więcej", "komentarze", "odpowiedz", "zgłoś", "reklama", "szukaj",
           "nawigacja wpisu", "poprzedni wpis", "następny wpis"],
    "sv": ["dela", "skriv ut", "läs mer", "mer", "kommentarer", "svara", "annons", "sök", "stäng"],
    "da": ["del", "udskriv", "læs mere", "mere", "kommentarer", "svar", "annonce", "søg", "luk"],
    "ru": ["поделиться", "печать", "читать далее", "ещё", "комментарии", "ответить", "реклама", "поиск"],
}

# Phrases that mark a disclaimer, copyright line, affiliate disclosure or cookie notice.
# "strong" phrases are specific enough to condemn a paragraph-sized line; "weak" ones only a short line.
LEGAL_STRONG: dict[str, list[str]] = {
    "en": [
        "all rights reserved", "do not necessarily represent", "do not necessarily reflect",
        "does not necessarily reflect", "does not necessarily represent",
        "are solely those of the author", "are those of the author", "not necessarily those of",
        "does not give financial", "not intended as financial advice",
        "does not constitute financial advice", "for informational purposes only",
        "for general information purposes only", "may not be reproduced",
        "may not be published, broadcast, rewritten", "without the prior written permission",
        "without prior written permission", "affiliate links", "affiliate link",
        "we may earn a commission", "may earn a small commission", "we earn from qualifying purchases",
        "as an amazon associate", "this post may contain affiliate", "this site uses cookies",
        "this website uses cookies", "we use cookies", "uses cookies to", "use of cookies",
        "by continuing to use this site", "by continuing to browse", "by using this site, you agree",
        "by using this website, you agree", "you agree to our use of cookies",
        "consent to the use of cookies", "cookie policy", "accept cookies",
        # Placeholders that consent plugins put where an embed (video, map, post) would load, as they
        # ship them: Borlabs Cookie, Complianz.
        "click on the button below to load the content of", "by loading the video, you agree to",
        "by loading the map, you agree to", "you are currently viewing a placeholder content from",
        "click to accept marketing cookies and enable this content",
    ],
    "de": [
        "alle rechte vorbehalten", "geben nicht unbedingt die meinung", "nicht unbedingt die meinung",
        "keine anlageberatung", "affiliate-links", "affiliate links", "provisions-links",
        "erhalten wir eine provision", "erhalten wir ggf. eine provision", "diese website verwendet cookies",
        "diese webseite verwendet cookies", "wir verwenden cookies", "wir nutzen cookies",
        "verwendet cookies", "nutzt cookies", "einsatz von cookies", "verwendung von cookies",
        "stimmen sie der verwendung", "nachdruck nur mit", "vervielfältigung nur mit",
        # Embed placeholders (see "en"), and the consent box of German news sites' embeds ("An
        # dieser Stelle finden Sie einen externen Inhalt von X, der den Artikel ergänzt.")
        "klicken sie auf den unteren button, um den inhalt von", "mit dem laden des videos akzeptieren sie die",
        "mit dem laden der karte akzeptieren sie die", "sie sehen gerade einen platzhalterinhalt von",
        "um marketing-cookies zu akzeptieren und diesen inhalt zu aktivieren",
        "an dieser stelle finden sie einen externen inhalt", "an dieser stelle findet ihr einen externen inhalt",
        "an dieser stelle findest du einen externen inhalt", "dass mir externe inhalte angezeigt werden",
        "damit können personenbezogene daten an drittplattformen übermittelt werden",
    ],
    "fr": [
        "tous droits réservés", "n'engagent que leur auteur", "n'engagent que leurs auteurs",
        "ne reflètent pas nécessairement", "liens affiliés", "lien affilié",
        "ce site utilise des cookies", "nous utilisons des cookies", "utilise des cookies",
        "utilisation de cookies", "utilisation des cookies", "en poursuivant votre navigation",
        "reproduction interdite", "toute reproduction",
    ],
    "es": [
        "todos los derechos reservados", "no reflejan necesariamente", "no necesariamente reflejan",
        "enlaces de afiliado", "enlaces de afiliados", "este sitio web utiliza cookies",
        "este sitio utiliza cookies", "utilizamos cookies", "usamos cookies", "utiliza cookies",
        "uso de cookies", "si continúa navegando", "si continúas navegando",
        "prohibida su reproducción", "queda prohibida la reproducción",
    ],
    "it": [
        "tutti i diritti riservati", "riproduzione riservata", "non riflettono necessariamente",
        "link di affiliazione", "link affiliati", "questo sito utilizza cookie",
        "questo sito usa cookie", "utilizziamo i cookie", "utilizziamo cookie", "utilizza cookie",
        "uso dei cookie", "utilizzo dei cookie", "proseguendo la navigazione",
        "continuando a navigare",
    ],
    "pt": [
        "todos os direitos reservados", "não refletem necessariamente",
        "não reflete necessariamente", "links de afiliado", "este site utiliza cookies",
        "este site usa cookies", "utilizamos cookies", "usamos cookies", "utiliza cookies",
        "uso de cookies", "ao continuar navegando", "ao continuar a navegar",
        "proibida a reprodução",
    ],
    "nl": [
        "alle rechten voorbehouden", "niet noodzakelijk de mening", "affiliate links",
        "affiliatelinks", "deze website maakt gebruik van cookies", "deze site maakt gebruik van cookies",
        "wij gebruiken cookies", "we gebruiken cookies", "maakt gebruik van cookies",
        "gebruik van cookies",
    ],
    # The same notices in more languages: the usual wording of copyright lines and cookie banners.
    "pl": [
        "wszelkie prawa zastrzeżone", "ta strona używa plików cookie", "ta strona korzysta z plików cookie",
        "strona korzysta z plików cookies", "serwis korzysta z plików cookies", "używamy plików cookie",
        "wykorzystujemy pliki cookies",
    ],
    "ru": [
        "все права защищены", "этот сайт использует файлы cookie", "сайт использует файлы cookie",
        "мы используем файлы cookie",
    ],
    "sv": [
        "alla rättigheter förbehållna", "denna webbplats använder cookies", "webbplatsen använder cookies",
        "vi använder cookies",
    ],
    "da": [
        "alle rettigheder forbeholdes", "denne hjemmeside bruger cookies", "hjemmesiden bruger cookies",
        "vi bruger cookies",
    ],
    "nb": [
        "alle rettigheter reservert", "alle rettigheter forbeholdt", "vi bruker informasjonskapsler", "denne nettsiden bruker informasjonskapsler",
        "nettstedet bruker informasjonskapsler",
    ],
    "fi": [
        "kaikki oikeudet pidätetään", "käytämme evästeitä", "tämä sivusto käyttää evästeitä",
        "sivusto käyttää evästeitä",
    ],
    "cs": [
        "všechna práva vyhrazena", "tento web používá cookies", "tento web používá soubory cookie",
        "tyto stránky používají cookies", "používáme cookies", "používáme soubory cookie",
    ],
    "tr": [
        # Upper-case Turkish I casefolds to a plain i: "TÜM HAKLARI SAKLIDIR" -> "haklari".
        "tüm hakları saklıdır", "tüm haklari saklidir", "her hakkı saklıdır", "her hakki saklidir",
        "çerez kullanıyoruz", "çerezler kullanıyoruz", "çerezleri kullanıyoruz",
        "bu web sitesi çerezleri kullanır", "bu site çerezleri kullanmaktadır",
    ],
}

LEGAL_WEAK: dict[str, list[str]] = {
    "en": ["copyright", "privacy policy", "terms of use", "terms of service", "terms and conditions",
           "cookie", "cookies", "disclaimer", "all right reserved", "powered by", "theme by",
           "designed by", "proudly powered by", "site map", "accessibility statement",
           "do not sell my personal information", "do not sell or share my personal information",
           "your privacy choices", "ad choices", "adchoices"],
    "de": ["datenschutz", "datenschutzerklärung", "impressum", "nutzungsbedingungen", "agb",
           "haftungsausschluss", "urheberrecht", "cookie-einstellungen", "cookies"],
    "fr": ["mentions légales", "politique de confidentialité", "conditions générales",
           "gestion des cookies", "droits réservés", "cookies"],
    "es": ["aviso legal", "política de privacidad", "política de cookies", "términos y condiciones",
           "derechos reservados", "cookies"],
    "it": ["note legali", "informativa sulla privacy", "privacy policy", "cookie policy",
           "termini e condizioni", "diritti riservati", "p.iva", "partita iva", "cookie"],
    "pt": ["política de privacidade", "termos de uso", "termos e condições", "direitos reservados",
           "cookies"],
    "nl": ["privacybeleid", "privacyverklaring", "algemene voorwaarden", "cookiebeleid", "colofon",
           "cookies"],
    "pl": ["polityka prywatności", "polityka cookies"],
    "ru": ["политика конфиденциальности"],
    "sv": ["integritetspolicy"],
    "da": ["privatlivspolitik", "cookiepolitik"],
    "nb": ["personvernerklæring"],
    "fi": ["tietosuojaseloste"],
    "cs": ["zásady ochrany osobních údajů", "zásady používání cookies"],
    "tr": ["gizlilik politikası", "gizlilik politikasi", "çerez politikası", "çerez politikasi"],
}

# Lines of a comment widget or reply form that mark one on their own.
COMMENT_WIDGET_STRONG: dict[str, list[str]] = {
    "en": [
        "no comments", "no comments yet", "to leave a comment", "comments are moderated", "log in to comment", "you must log in to comment", "show comments", "view comments", "read comments", "post a reply",
        "notify of", "inline feedbacks", "view all comments", "leave a reply", "leave a comment",
        "leave a reply cancel reply", "cancel reply", "post comment", "submit comment",
        "add comment", "add a comment", "add a comment...", "post a comment", "write a comment",
        "your email address will not be published", "your email address will not be published.",
        "required fields are marked", "comments powered by disqus",
        "please enable javascript to view the comments powered by disqus",
        "comments are closed", "comments are closed.", "comments closed",
        "be the first to comment", "start the discussion", "join the discussion",
        "join the conversation", "you must be logged in to post a comment",
        "log in to leave a comment", "login to post comments", "login to comment",
        "sign in to comment", "log in to reply", "facebook comments", "facebook comments plugin",
        "comment using", "also post on facebook", "posting as", "sort by", "sort by best",
        "sort by newest", "sort by oldest", "most voted", "newest", "oldest",
        "newest first", "oldest first", "show comments", "hide comments", "load comments",
        "notify me of follow-up comments by email", "notify me of new posts by email",
        "notify me of new comments via email", "notify me of followup comments via e-mail",
        "save my name, email, and website in this browser for the next time i comment",
        "this site uses akismet to reduce spam", "learn how your comment data is processed",
        "comment policy", "comments policy", "trackbacks", "pingbacks", "trackback url",
        "trackbacks and pingbacks", "responses", "what do you think?", "discussion",
        # TypePad's comment block, as its templates ship it.
        "you can follow this conversation by subscribing to the comment feed for this post.",
        "the comments to this entry are closed.", "comment below or sign in with typepad facebook twitter and more...",
        "this is only a preview. your comment has not yet been posted.", "your comment could not be posted. error type:",
        "your comment has been posted. post another comment", "having trouble reading this image? view an alternate.",
        "verify your comment", "previewing your comment", "trackback url for this entry:",
        "listed below are links to weblogs that reference",
        "(name and email address are required. email address will not be displayed with the comment.)",
        "(you can use html tags like <b> <i> and <ul> to style your text. urls automatically linked.)",
    ],
    "de": [
        "keine kommentare", "noch keine kommentare", "kommentare lesen", "kommentar hinzufügen", "jetzt kommentieren", "zu den kommentaren",
        "kommentar schreiben", "kommentar verfassen", "einen kommentar schreiben",
        "schreibe einen kommentar", "hinterlasse einen kommentar", "antwort abbrechen",
        "kommentar abschicken", "kommentar absenden", "ihre e-mail-adresse wird nicht veröffentlicht",
        "deine e-mail-adresse wird nicht veröffentlicht", "erforderliche felder sind mit",
        "benachrichtige mich über", "kommentare anzeigen", "kommentare sind geschlossen",
        "kommentarfunktion", "zur kommentarfunktion", "diskutieren sie mit", "diskussion",
        "sei der erste", "melden sie sich an, um zu kommentieren", "neueste zuerst",
        "älteste zuerst", "was denkst du?", "was meinen sie?",
        "hinterlasse eine antwort", "neuen kommentar hinzufügen",
        # WordPress's comment-cookie checkbox and Akismet's notice, in their German translations.
        "meinen namen, e-mail und website in diesem browser speichern",
        "meinen namen, meine e-mail-adresse und meine website in diesem browser speichern",
        "diese website verwendet akismet, um spam zu reduzieren", "diese seite verwendet akismet, um spam zu reduzieren",
        "erfahre mehr darüber, wie deine kommentardaten verarbeitet werden",
        "erfahren sie mehr darüber, wie ihre kommentardaten verarbeitet werden",
    ],
    "fr": [
        "aucun commentaire", "voir les commentaires", "commenter cet article",
        "laisser un commentaire", "laisser une réponse", "annuler la réponse",
        "publier le commentaire", "votre adresse e-mail ne sera pas publiée",
        "votre adresse de messagerie ne sera pas publiée", "les champs obligatoires sont indiqués",
        "m'avertir des nouveaux commentaires", "prévenez-moi de tous les nouveaux commentaires",
        "commentaires fermés", "les commentaires sont fermés", "soyez le premier à commenter",
        "ajouter un commentaire", "réagir", "plus récents", "plus anciens",
        "enregistrer mon nom, mon e-mail et mon site dans le navigateur pour mon prochain commentaire",
        "ce site utilise akismet pour réduire les indésirables",
    ],
    "es": [
        "deja tu comentario", "dejá tu comentario", "sin comentarios", "ver comentarios", "comentar este artículo",
        "deja un comentario", "dejar un comentario", "deja una respuesta", "cancelar respuesta",
        "publicar comentario", "tu dirección de correo electrónico no será publicada",
        "los campos obligatorios están marcados", "notificarme de nuevos comentarios",
        "comentarios cerrados", "los comentarios están cerrados", "sé el primero en comentar",
        "añadir un comentario", "más recientes", "más antiguos",
        "guarda mi nombre, correo electrónico y web en este navegador para la próxima vez que comente",
        "este sitio usa akismet para reducir el spam", "aprende cómo se procesan los datos de tus comentarios",
    ],
    "it": [
        "nessun commento", "commenta questo articolo", "vedi i commenti",
        "lascia un commento", "lascia una risposta", "annulla risposta", "pubblica il commento",
        "invia commento", "il tuo indirizzo email non sarà pubblicato",
        "i campi obbligatori sono contrassegnati", "avvisami", "commenti chiusi",
        "i commenti sono chiusi", "aggiungi un commento", "più recenti", "meno recenti",
        "salva il mio nome, email e sito web in questo browser per la prossima volta che commento",
        "questo sito usa akismet per ridurre lo spam", "scopri come i tuoi dati vengono elaborati",
    ],
    "pt": [
        "sem comentários", "ver comentários", "comente esta notícia",
        "deixe um comentário", "deixe uma resposta", "cancelar resposta", "publicar comentário",
        "enviar comentário", "o seu endereço de email não será publicado",
        "seu endereço de e-mail não será publicado", "campos obrigatórios são marcados",
        "notifique-me", "comentários encerrados", "adicionar um comentário", "mais recentes",
        "mais antigos",
        "salvar meus dados neste navegador para a próxima vez que eu comentar",
        "este site utiliza o akismet para reduzir spam", "saiba como seus dados em comentários são processados",
    ],
    "nl": [
        "geen reacties", "bekijk reacties", "reageer op dit artikel",
        "laat een reactie achter", "geef een reactie", "reactie annuleren", "plaats reactie",
        "reactie plaatsen", "je e-mailadres wordt niet gepubliceerd",
        "uw e-mailadres wordt niet gepubliceerd", "vereiste velden zijn gemarkeerd",
        "reacties zijn gesloten", "stuur mij een e-mail", "nieuwste eerst", "oudste eerst",
        "mijn naam, e-mail en site bewaren in deze browser voor de volgende keer wanneer ik een reactie plaats",
        "deze site gebruikt akismet om spam te verminderen", "bekijk hoe je reactie gegevens worden verwerkt",
    ],
    # The core strings of WordPress's reply form and Drupal's comment form in these languages.
    "pl": [
        "dodaj komentarz", "zostaw komentarz", "zostaw odpowiedź", "anuluj pisanie odpowiedzi",
        "twój adres e-mail nie zostanie opublikowany", "wymagane pola są oznaczone", "brak komentarzy",
        "komentarze są wyłączone",
        "zapamiętaj moje dane w tej przeglądarce podczas pisania kolejnych komentarzy",
        "ta witryna wykorzystuje akismet, aby ograniczyć spam",
    ],
    "ru": [
        "добавить комментарий", "оставить комментарий", "оставьте комментарий", "отменить ответ",
        "ваш адрес email не будет опубликован", "обязательные поля помечены", "комментариев нет",
        "комментарии закрыты",
    ],
    "sv": [
        "lämna ett svar", "lämna en kommentar", "avbryt svar", "din e-postadress kommer inte publiceras",
        "obligatoriska fält är märkta", "kommentarer är stängda",
    ],
    "da": [
        "skriv en kommentar", "efterlad en kommentar", "annuller svar",
        "din e-mailadresse vil ikke blive publiceret", "krævede felter er markeret", "kommentarer er lukket",
    ],
    "ar": [
        "إضافة تعليق جديد", "أضف تعليق", "اترك تعليقاً", "اترك رداً", "إلغاء الرد",
        "لن يتم نشر عنوان بريدك الإلكتروني", "الحقول الإلزامية مشار إليها",
    ],
}

# Words a comment widget or form shows as labels: dropped only beside a strong widget line.
COMMENT_WIDGET_WEAK: dict[str, list[str]] = {
    "en": ["subscribe", "guest", "login", "log in", "name", "name *", "email", "email *", "e-mail",
           "website", "url", "comment", "comments", "reply", "submit", "post", "like", "report",
           "anonymous", "connect with", "i allow to create an account", "notify me",
           "newest", "oldest", "best", "top", "upvote", "share", "flag", "all comments"],
    "de": ["abonnieren", "gast", "anmelden", "name", "e-mail", "website", "kommentar", "kommentare",
           "antworten", "senden", "absenden", "melden"],
    "fr": ["s'abonner", "invité", "connexion", "nom", "e-mail", "courriel", "site web",
           "commentaire", "commentaires", "répondre", "envoyer", "signaler"],
    "es": ["suscribirse", "invitado", "acceder", "nombre", "correo electrónico", "web", "sitio web",
           "comentario", "comentarios", "responder", "enviar", "denunciar"],
    "it": ["iscriviti", "ospite", "accedi", "nome", "email", "sito web", "commento", "commenti",
           "rispondi", "invia", "segnala"],
    "pt": ["inscrever", "convidado", "entrar", "nome", "e-mail", "site", "comentário",
           "comentários", "responder", "enviar", "denunciar"],
    "nl": ["abonneren", "gast", "inloggen", "naam", "e-mail", "website", "reactie", "reacties",
           "beantwoorden", "verzenden", "melden"],
}

# "12 Comments", "Kommentare (3)": a count next to the word for comments.
COMMENT_NOUNS: list[str] = [
    "comment", "comments", "response", "responses", "reply", "replies", "thought", "thoughts",
    "kommentar", "kommentare", "antwort", "antworten", "commentaire", "commentaires",
    "réaction", "réactions", "comentario", "comentarios", "respuesta", "respuestas", "commento",
    "commenti", "risposta", "risposte", "comentário", "comentários", "resposta", "respostas",
    "reactie", "reacties", "komentarz", "komentarze", "komentarzy", "kommentarer",
    "комментарий", "комментария", "комментариев",
]

# A reader comment's signature, the one vocabulary of comment-widgets' thread cues and the line
# model's `signature` feature: its attribution ("Jane says:", "Max sagt:", "Posted by: Ann at
# November 9, 2012 9:56 AM") and the reply button under it.
COMMENT_SAYS: list[str] = [
    "says", "said", "wrote", "sagt", "schreibt", "meint", "dit", "a dit", "écrit", "dice", "dijo",
    "escribió", "ha detto", "scrive", "disse", "escreveu", "diz", "zegt", "schreef",
]
COMMENT_POSTED_BY: list[str] = ["posted by", "geschrieben von", "publié par", "publicado por", "pubblicato da"]
COMMENT_REPLY: list[str] = ["reply", "antworten", "répondre", "responder", "rispondi", "beantwoorden", "log in to reply"]

# Newsletter, subscription, follow-us and support-us prompts.
SUBSCRIBE_STRONG: dict[str, list[str]] = {
    "en": [
        "if you enjoyed reading this", "if you enjoyed this post", "if you liked this article", "to view the full story", "please subscribe to", "sign up to get", "support our work", "bookmark this page",
        "subscribe to our newsletter", "subscribe to the newsletter", "sign up for our newsletter",
        "sign up for the newsletter", "sign up to our newsletter", "sign up for our free",
        "join our newsletter", "join our mailing list", "get our newsletter",
        "delivered to your inbox", "straight to your inbox", "directly to your inbox",
        "in your inbox", "to your inbox", "enter your email", "enter your e-mail",
        "your email address", "subscribe now", "subscribe today", "subscribe for",
        "subscribe to get", "subscribe to receive", "subscribe to our", "subscribe via",
        "subscribe by email", "subscribe to updates", "get the latest", "stay up to date",
        "stay up-to-date", "stay informed", "stay in the loop", "never miss a",
        "don't miss a", "follow us on", "follow us", "like us on facebook", "find us on facebook",
        "connect with us", "join us on", "support us", "support our journalism",
        "support independent journalism", "become a patron", "become a member",
        "become a supporter", "make a donation", "donate now", "donate today",
        "we rely on readers", "consider supporting", "please consider supporting",
        "buy me a coffee", "unsubscribe at any time", "you can unsubscribe",
        "no spam", "we respect your privacy", "thanks for subscribing", "thank you for subscribing",
        "already a subscriber", "already subscribed", "subscribers only", "for subscribers",
        "to continue reading", "create a free account", "register for free",
        "get unlimited access", "start your free trial", "free trial",
    ],
    "de": [
        "bleiben sie auf dem laufenden", "bleib auf dem laufenden", "verpassen sie keine", "jetzt newsletter", "mit unserem newsletter", "teile diesen beitrag", "beitrag teilen", "artikel teilen", "hat dir der artikel gefallen", "hat ihnen der artikel gefallen",
        "newsletter abonnieren", "zum newsletter anmelden", "für den newsletter anmelden",
        "melden sie sich für unseren newsletter", "unseren newsletter", "newsletter bestellen",
        "jetzt abonnieren", "jetzt anmelden", "kostenlos abonnieren", "in ihr postfach",
        "in dein postfach", "ihre e-mail-adresse", "e-mail-adresse eingeben",
        "folgen sie uns", "folge uns", "folgt uns", "unterstützen sie", "unterstütze uns",
        "unterstützen sie uns", "jetzt spenden", "werden sie mitglied", "abonnent werden",
        "bereits abonnent", "jetzt weiterlesen", "weiterlesen mit", "abo abschließen",
        "jederzeit abbestellen", "jederzeit wieder abmelden", "kein spam",
    ],
    "fr": [
        "restez informé", "ne manquez rien", "partagez cet article",
        "inscrivez-vous à notre newsletter", "abonnez-vous à notre newsletter",
        "inscrivez-vous à la newsletter", "recevez notre newsletter", "notre newsletter",
        "abonnez-vous", "inscrivez-vous", "dans votre boîte mail", "dans votre boîte de réception",
        "votre adresse e-mail", "votre adresse email", "suivez-nous", "rejoignez-nous",
        "soutenez-nous", "faire un don", "faites un don", "déjà abonné", "réservé aux abonnés",
        "pour lire la suite", "se désabonner à tout moment",
    ],
    "es": [
        "mantente informado", "no te pierdas", "suscríbete para", "comparte este artículo",
        "suscríbete a nuestro boletín", "suscríbete a nuestra newsletter", "suscríbete al boletín",
        "recibe nuestro boletín", "nuestro boletín", "suscríbete", "suscribirte",
        "en tu bandeja de entrada", "en tu correo", "tu correo electrónico", "tu email",
        "síguenos", "siguenos en", "apóyanos", "haz una donación", "hazte socio",
        "ya eres suscriptor", "exclusivo para suscriptores", "darte de baja",
    ],
    "it": [
        "resta aggiornato", "rimani aggiornato", "condividi questo articolo",
        "iscriviti alla newsletter", "iscriviti alla nostra newsletter", "ricevi la newsletter",
        "la nostra newsletter", "iscriviti", "abbonati", "nella tua casella", "la tua email",
        "il tuo indirizzo email", "seguici", "seguici su", "sostienici", "sostieni",
        "fai una donazione", "già abbonato", "riservato agli abbonati", "disiscriverti",
    ],
    "pt": [
        "fique por dentro", "fique atualizado", "compartilhe este artigo",
        "assine a nossa newsletter", "assine nossa newsletter", "inscreva-se na newsletter",
        "receba a newsletter", "nossa newsletter", "inscreva-se", "assine", "no seu e-mail",
        "na sua caixa de entrada", "seu e-mail", "o seu email", "siga-nos", "siga-nos no",
        "apoie", "apoie-nos", "faça uma doação", "já é assinante", "exclusivo para assinantes",
        "cancelar a inscrição",
    ],
    "nl": [
        "blijf op de hoogte", "deel dit artikel",
        "schrijf je in voor onze nieuwsbrief", "schrijf je in voor de nieuwsbrief",
        "abonneer je op onze nieuwsbrief", "meld je aan voor de nieuwsbrief", "onze nieuwsbrief",
        "schrijf je in", "meld je aan", "abonneer je", "in je inbox", "je e-mailadres",
        "uw e-mailadres", "volg ons", "steun ons", "word lid", "doneer", "al abonnee",
        "alleen voor abonnees", "uitschrijven",
    ],
}

# A single word that is a subscribe prompt only when the line is short.
SUBSCRIBE_WEAK: dict[str, list[str]] = {
    "en": ["newsletter", "subscribe", "subscription", "sign up", "donate", "follow"],
    "de": ["newsletter", "abonnieren", "abonnement", "anmelden", "spenden"],
    "fr": ["newsletter", "abonnement", "s'abonner", "don"],
    "es": ["boletín", "newsletter", "suscripción", "suscribirse", "donar"],
    "it": ["newsletter", "abbonamento", "donazione"],
    "pt": ["newsletter", "assinatura", "doar"],
    "nl": ["nieuwsbrief", "abonnement", "abonneren", "doneren"],
}

# A heading that opens a list of other articles.
RELATED_MARKERS: dict[str, list[str]] = {
    "en": [
        "more from", "you may also enjoy", "other articles", "related reads", "also on", "more stories from", "themes", "topics", "tags", "filed under", "more in this category",
        "related", "related posts", "related articles", "related stories", "related content",
        "related news", "related links", "related topics", "related coverage", "related reading",
        "you may also like", "you might also like", "you may also be interested in",
        "you might be interested in", "also read", "read also", "read more", "read next",
        "more from", "more stories", "more news", "more on this", "more on this story",
        "more in", "more articles", "more like this", "recommended", "recommended for you",
        "recommended stories", "recommended reading", "popular posts", "popular stories",
        "most popular", "most read", "most viewed", "trending", "trending now",
        "trending stories", "latest news", "latest posts", "latest stories", "recent posts",
        "recent articles", "top stories", "editor's picks", "editors' picks", "don't miss",
        "see also", "further reading", "in other news", "what to read next", "up next",
        "around the web", "from the web", "sponsored stories", "promoted stories",
        "more to explore", "keep reading", "previous post", "next post",
    ],
    "de": [
        "weitere artikel", "weitere artikel zum thema", "themen in diesem artikel", "weitere infos", "mehr artikel", "ähnliche themen", "dazu passend",
        "das könnte sie auch interessieren", "das könnte dich auch interessieren",
        "auch interessant", "ebenfalls interessant", "lesen sie auch", "lies auch",
        "mehr zum thema", "mehr zu diesem thema", "weitere artikel", "ähnliche artikel",
        "ähnliche beiträge", "verwandte artikel", "verwandte themen", "weitere beiträge",
        "weitere nachrichten", "meistgelesen", "meistgelesene artikel", "neueste artikel",
        "neueste beiträge", "aktuelle beiträge", "empfohlen", "empfehlungen", "top-themen",
        "weitere themen", "mehr aus", "mehr von", "auch lesenswert", "zum thema",
        "passend zum thema", "letzte beiträge",
        "auch lesen", "lesen sie dazu", "lesen sie dazu auch",
        "könnte sie auch interessieren", "könnte dich auch interessieren", "könnten sie auch interessieren",
        "könnten dich auch interessieren",
    ],
    "fr": [
        "sur le même thème", "à lire", "lire également",
        "à lire aussi", "lire aussi", "à lire également", "voir aussi", "articles similaires",
        "articles liés", "articles connexes", "sur le même sujet", "dans la même rubrique",
        "vous aimerez aussi", "vous aimerez aussi aussi", "vous pourriez aussi aimer",
        "les plus lus", "les plus populaires", "derniers articles", "articles récents",
        "à découvrir", "à découvrir aussi", "nos recommandations", "plus d'articles",
    ],
    "es": [
        "le puede interesar", "le podría interesar", "te recomendamos", "más artículos",
        "te puede interesar", "también te puede interesar", "te podría interesar",
        "artículos relacionados", "noticias relacionadas", "entradas relacionadas",
        "lee también", "leer también", "también lee", "ver también", "más noticias",
        "lo más leído", "más leídas", "más leídos", "últimas noticias", "entradas recientes",
        "artículos recientes", "recomendados", "más de", "contenido relacionado",
    ],
    "it": [
        "leggi anche:", "ti consigliamo", "potrebbe interessarti anche",
        "articoli correlati", "articoli simili", "notizie correlate", "post correlati",
        "leggi anche", "potrebbe interessarti", "ti potrebbe interessare", "potrebbero interessarti",
        "vedi anche", "i più letti", "più letti", "ultime notizie", "articoli recenti",
        "post recenti", "consigliati", "altre notizie", "dello stesso autore",
    ],
    "pt": [
        "leia também:", "veja mais", "saiba mais",
        "artigos relacionados", "notícias relacionadas", "posts relacionados", "leia também",
        "leia mais", "veja também", "você também pode gostar", "você pode gostar",
        "pode também gostar", "mais lidas", "mais lidos", "últimas notícias", "posts recentes",
        "artigos recentes", "recomendados", "mais notícias", "relacionados",
    ],
    "nl": [
        "lees meer", "meer lezen", "ook lezen",
        "gerelateerde artikelen", "gerelateerde berichten", "gerelateerd", "lees ook",
        "lees ook:", "bekijk ook", "zie ook", "meer nieuws", "meest gelezen", "laatste nieuws",
        "recente berichten", "aanbevolen", "dit vind je misschien ook leuk", "ook interessant",
        "meer over", "meer artikelen",
    ],
    "pl": [
        "zobacz także", "zobacz też", "czytaj także", "czytaj też", "przeczytaj także", "przeczytaj też",
        "polecamy", "podobne artykuły", "podobne wpisy", "powiązane artykuły", "najczęściej czytane",
        "najnowsze wpisy", "ostatnie wpisy",
    ],
    "ru": ["читайте также", "похожие статьи", "похожие записи", "популярное", "свежие записи"],
    "sv": ["läs också", "läs även", "relaterade artiklar", "mest läst", "senaste inläggen"],
}


# Labels of a theme's link to the previous or next post; the linked post's title follows on the
# same line ("Previous Post When Hospital Patients Continue to Smoke", "Nächster Beitrag <Titel>").
POST_NAVIGATION_LABELS: dict[str, list[str]] = {
    "en": ["previous post", "next post", "previous article", "next article", "previous story", "next story",
           "older post", "newer post", "previous entry", "next entry"],
    "de": ["vorheriger beitrag", "nächster beitrag", "vorheriger artikel", "nächster artikel", "voriger beitrag",
           "älterer beitrag", "neuerer beitrag"],
    "fr": ["article précédent", "article suivant"],
    "es": ["entrada anterior", "entrada siguiente", "artículo anterior", "artículo siguiente"],
    "it": ["articolo precedente", "articolo successivo"],
    "pt": ["post anterior", "próximo post", "artigo anterior", "próximo artigo"],
    "nl": ["vorig bericht", "volgend bericht", "vorig artikel", "volgend artikel"],
    "pl": ["poprzedni wpis", "następny wpis", "poprzedni artykuł", "następny artykuł"],
}


# Labels that open an image or source credit: "Foto: dpa", "Photo: Getty Images", "Bildquelle: SWR".
MEDIA_CREDIT_LABELS: dict[str, list[str]] = {
    "en": [
        "photo by", "photos by", "image by", "image source", "photo source", "featured image", "header image", "cover image","photo", "photos", "image", "images", "picture", "credit", "credits", "photo credit", "image credit",
           "source", "illustration", "graphic", "video", "photograph"],
    "de": [
        "fotos von", "foto von", "bild von", "bilder von", "fotoquelle","foto", "fotos", "bild", "bilder", "bildquelle", "quelle", "titelbild", "beitragsbild", "grafik",
           "abbildung", "fotograf", "symbolbild", "bildnachweis"],
    "fr": [
        "crédits photos", "crédit photos", "photos","photo", "crédit", "crédits", "crédit photo", "source", "illustration", "image"],
    "es": ["foto", "fotos", "imagen", "fuente", "crédito", "créditos", "ilustración"],
    "it": ["foto", "immagine", "fonte", "credito", "crediti"],
    "pt": ["foto", "fotos", "imagem", "fonte", "crédito", "créditos"],
    "nl": ["foto", "afbeelding", "beeld", "bron"],
}


def tokenize(text: str) -> list[str]:
    """Case-folded runs of letters and digits: the unit phrases are matched on."""
    return words(text)


def phrases(table: dict[str, list[str]], languages: Iterable[str] | None = None) -> list[str]:
    """All phrases of a concept, for the given languages (all by default), longest first."""
    langs = table.keys() if languages is None else [lang for lang in languages if lang in table]
    unique = {p.casefold() for lang in langs for p in table[lang]}
    return sorted(unique, key=lambda p: (-len(p), p))


class PhraseIndex:
    """Phrases as token sequences, keyed by their first token: a match costs one dict
    lookup per token of the line, whatever the size of the lexicon (a regex
    alternation of hundreds of phrases costs hundreds of tries per position).
    """

    def __init__(self, items: Iterable[str]) -> None:
        self._by_first: dict[str, list[tuple[str, ...]]] = {}
        for phrase in items:
            tokens = tuple(tokenize(phrase))
            if tokens:
                self._by_first.setdefault(tokens[0], []).append(tokens)
        for candidates in self._by_first.values():
            candidates.sort(key=len, reverse=True)
        # A line that holds no phrase's longest token holds no phrase: one set test (in C) answers
        # most lines. The longest token, not the first: first tokens are often common words ('we',
        # 'this', 'nicht'), and then a tenth of all lines went on to the token-by-token search.
        self._anchors = frozenset(max(tokens, key=len) for candidates in self._by_first.values()
                                  for tokens in candidates)

    @classmethod
    def of(cls, table: dict[str, list[str]], min_tokens: int = 1, max_tokens: int = 99) -> "PhraseIndex":
        return cls(p for p in phrases(table) if min_tokens <= len(tokenize(p)) <= max_tokens)

    def lengths_at(self, tokens: list[str], i: int) -> Iterable[int]:
        """Token lengths of the phrases that match at position `i`, longest first."""
        for candidate in self._by_first.get(tokens[i], ()):
            n = len(candidate)
            if tuple(tokens[i : i + n]) == candidate:
                yield n

    def search(self, tokens: list[str]) -> str | None:
        """The first (then longest) phrase found in `tokens`, or None."""
        if self._anchors.isdisjoint(tokens):
            return None
        for i, token in enumerate(tokens):
            if token in self._by_first:
                for n in self.lengths_at(tokens, i):
                    return " ".join(tokens[i : i + n])
        return None

    def match_prefix(self, tokens: list[str]) -> int:
        """Token length of the longest phrase that `tokens` starts with (0 when none)."""
        return next(iter(self.lengths_at(tokens, 0)), 0) if tokens else 0

    def covered(self, tokens: list[str]) -> int:
        """How many of `tokens` the phrases cover, matching greedily left to right (longest first)."""
        if self._anchors.isdisjoint(tokens):
            return 0
        i = n = 0
        while i < len(tokens):
            length = next(iter(self.lengths_at(tokens, i)), 0) if tokens[i] in self._by_first else 0
            n += length
            i += length or 1
        return n

    def covers(self, tokens: list[str], allow_numbers: bool = True) -> bool:
        """Whether `tokens` split wholly into phrases (and numbers), with at least one phrase."""
        if self._anchors.isdisjoint(tokens):
            return False
        n = len(tokens)
        reachable = [False] * (n + 1)  # reachable[i]: tokens[:i] can be covered
        reachable[0] = True
        phrase_seen = False
        for i in range(n):
            if not reachable[i]:
                continue
            if allow_numbers and tokens[i].isdigit():
                reachable[i + 1] = True
            if tokens[i] in self._by_first:
                for length in self.lengths_at(tokens, i):
                    reachable[i + length] = True
                    phrase_seen = True
        return reachable[n] and phrase_seen


def alternation(items: Iterable[str]) -> str:
    """A regex alternation of literal words, for the few small lists used inside patterns."""
    return "|".join(regex.escape(p).replace("\\ ", r"\s+") for p in sorted(items, key=len, reverse=True))


def phrase_set(table: dict[str, list[str]]) -> frozenset[str]:
    """A concept's phrases as a set of normalised strings ('e-mail' -> 'e mail'), for whole-line lookups."""
    return frozenset(" ".join(tokenize(p)) for p in phrases(table))
