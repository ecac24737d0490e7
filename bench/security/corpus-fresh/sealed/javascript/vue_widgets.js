import { createApp } from 'vue';
import DOMPurify from 'dompurify';

const app = createApp({});

app.directive('rich', {
  mounted(el, binding) {
    el.innerHTML = binding.value;
  },
  updated(el, binding) {
    el.innerHTML = binding.value;
  },
});

app.directive('clean-html', {
  mounted(el, binding) {
    el.innerHTML = DOMPurify.sanitize(binding.value);
  },
});

app.component('ProductReview', {
  props: ['review'],
  template: `
    <article class="review">
      <h4>{{ review.headline }}</h4>
      <p v-html="review.body"></p>
      <small v-text="review.author"></small>
    </article>
  `,
});

app.mount('#app');
