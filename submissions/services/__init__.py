"""Everything that writes a message or a submission, with its files and its e-mails.

Views and admin actions call these functions; there are no signals. Writes happen inside
transaction.atomic and mail leaves only after the commit. One module a subject:

- `messages`: readers' messages (留言) and the replies published on the board;
- `contributions`: submissions (投稿) with their files, status changes, the status look-up;
- `accept`: the last step of the review, a submission becomes a draft news article
  through `news.services` (submissions may create news articles; news never imports
  submissions);
- `common`: what they share (`Origin`, mail after commit, unique codes, absolute links).
"""
