class PostsController < ActionController::Base
  # GET /posts -- N+1: one query for the posts, then one authors query per post
  def index
    lines = Post.order(:id).limit(5).map do |post|
      "#{post.title} by #{post.author.name}"
    end
    render plain: lines.join("\n")
  end

  # GET /posts/cached -- the same queries twice in one action: the query cache answers the repeats
  def cached
    first = Author.find(1)
    again = Author.find(1)
    posts = Post.where(author_id: 1).order(:id).to_a
    posts_again = Post.where(author_id: 1).order(:id).to_a
    render plain: "#{first.name} #{again.name} #{posts.size} #{posts_again.size}"
  end

  # GET /posts/with_authors -- fine: eager loading, 2 queries whatever the number of posts
  def with_authors
    lines = Post.includes(:author).order(:id).limit(5).map do |post|
      "#{post.title} by #{post.author.name}"
    end
    render plain: lines.join("\n")
  end
end
