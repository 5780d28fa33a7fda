class Book < ApplicationRecord
  belongs_to :author
  has_and_belongs_to_many :tags # join table books_tags
  has_many :reviews
end
